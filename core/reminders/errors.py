"""What a user or a plugin can get wrong with reminders.

Each error carries a Simplified Chinese ``message`` for the page and ``message_en`` for the
English one; ``str(error)`` is the Chinese message.
"""

from __future__ import annotations

__all__ = ["DueItemExists", "DueItemNotFound", "InvalidAddress", "InvalidDueItem", "ReminderError"]


class ReminderError(Exception):
    """Base of every reminder error a user or a plugin can cause."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class InvalidDueItem(ReminderError):
    """A due item that cannot be stored (no title, a time without a time zone, …)."""


class DueItemExists(ReminderError):
    """``add_due_item`` for a source and key that already have an item (use sync)."""

    def __init__(self, source: str, key: str) -> None:
        super().__init__(
            f"该记录已有同一待办事项（{source}，{key or '默认'}）",
            f"The record already has this due item ({source}, {key or 'default'})",
        )


class DueItemNotFound(ReminderError):
    """No such due item, or not one the account may see (never say which)."""

    def __init__(self) -> None:
        super().__init__("待办事项不存在", "No such due item")


class InvalidAddress(ReminderError):
    """An e-mail address or mobile number a channel cannot deliver to."""
