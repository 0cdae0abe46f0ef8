"""What a user can get wrong when starting or fetching an export (导出).

Each error carries a Simplified Chinese ``message`` and ``message_en``; the web layer
picks by locale. ``ExportNotFound`` is deliberately vague: an export outside the user's
reach is answered exactly like one that does not exist.
"""

from __future__ import annotations

__all__ = ["ExportError", "ExportForbidden", "ExportNotFound", "InvalidExportRequest"]


class ExportError(Exception):
    """Base of every export error a user can cause."""

    def __init__(self, message: str, message_en: str) -> None:
        self.message = message
        self.message_en = message_en
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class ExportForbidden(ExportError):
    """The user lacks the permission the export needs (the list, or its full numbers)."""


class ExportNotFound(ExportError, LookupError):
    """No such export or organisation — or none the user may reach (shown as 404)."""

    def __init__(self) -> None:
        super().__init__("导出文件不存在。", "No such export.")


class InvalidExportRequest(ExportError):
    """A form value that cannot be an export (unknown format, no organisation chosen)."""
