"""Notification channels (通知渠道): the ways a notification reaches a person.

The in-app channel is the inbox itself and always on. The core also ships a log channel and
an SMTP e-mail channel; plugins add others (an SMS gateway) with the
``sifa_notification_channels`` hook. The interface every channel implements is
:class:`~core.reminders.channels.base.NotificationChannel`.
"""
