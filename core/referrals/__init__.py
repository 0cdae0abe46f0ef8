"""Referrals (转办/移交): one module hands a matter to another through the core.

A petitions desk hands a dispute to mediation, a mediation case goes to legal aid, a clinic
consultation opens a mediation case — without either plugin importing the other. The
receiving plugin declares what it can receive (``sifa_referral_targets``); the sending
plugin calls :func:`refer` with a :class:`Referral` and gets a receipt linking to the new
record. The core checks that the target exists and that its module is on where the matter
goes, and records the hand-off in the audit trail.
"""
