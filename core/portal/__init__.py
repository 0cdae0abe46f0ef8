"""The citizen portal (群众端): public, phone-first pages under ``/portal``.

Modules offer application kinds (``sifa_portal_kinds``) and their own public forms
(``sifa_portal_routes``, mounted under ``/portal/<plugin>``); the core keeps the
application's number, private link, one-time codes, rate limits and SMS.
"""
