"""Reminders and warnings (到期提醒与红灯预警): due items, escalation, notifications.

* :mod:`core.reminders.service` — due items on any record: add, sync, complete.
* :mod:`core.reminders.states` — on time / due soon / overdue / done, from the clock.
* :mod:`core.reminders.kinds` — kinds of items and their timing, bureau overrides.
* :mod:`core.reminders.scan` — the periodic scan: notify, escalate up the tree.
* :mod:`core.reminders.notifications` and :mod:`core.reminders.delivery` — the inbox and
  copies on e-mail, SMS and other channels (:mod:`core.reminders.channels`).

See docs/reminders.md. Nothing is imported here, so the plugin host can load the
declarations without the rest.
"""
