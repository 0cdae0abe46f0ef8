"""Errors a user can cause while managing accounts and signing in.

Each carries a Simplified Chinese message for the page and an English one; the web layer
picks by locale and shows it next to the form, never as a 500.
"""

from __future__ import annotations


class IdentityError(Exception):
    """Base of every user-caused identity error."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class PasswordPolicyError(IdentityError):
    """口令不符合要求: too short, the username, or a well-known password."""


class InvalidUsername(IdentityError):
    """用户名格式不对."""


class UsernameTaken(IdentityError):
    """用户名已被使用."""


class WrongPassword(IdentityError):
    """当前口令不正确 (when changing one's own password)."""


class UnknownRole(IdentityError):
    """没有这个角色."""


class UnknownOrg(IdentityError):
    """没有这个机构."""


class NotPermitted(IdentityError):
    """The actor may not do this here, e.g. grant a role with rights they do not hold."""


class LastAdministrator(IdentityError):
    """Refused because it would leave the installation without an active system admin."""
