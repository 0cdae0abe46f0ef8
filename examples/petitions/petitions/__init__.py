"""信访接待 (petitions and visits): an example third-party sifa plugin.

Built only on ``core.api`` (and ``web.testing`` in its tests), outside sifa's workspace, to
show what an outside author can do: a register of visits and letters, its permissions,
pages, an indicator, a deadline with red-light due items, a periodic job, demo data and a
hand-over to people's mediation through the core's referral hook.
"""
