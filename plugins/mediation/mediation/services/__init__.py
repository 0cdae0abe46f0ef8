"""The mediation module's rules: plain transactional functions, no web code.

Each function takes the caller's ``Session``, flushes, and leaves commit or rollback to the
caller, so pages, jobs and tests make the same change the same way. User mistakes raise
:class:`~mediation.errors.MediationError` subclasses; a save based on an old version raises
``core.api.StaleRecord``.
"""
