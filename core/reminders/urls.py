"""Links stored with due items and notifications point inside the platform, nowhere else."""

from __future__ import annotations

__all__ = ["is_local_path"]

URL_LIMIT = 300


def is_local_path(url: str) -> bool:
    """A path on this platform (``/m/mediation/cases/7``), not another site or a script.

    Pages render these as links, so ``//evil.example``, ``https://…`` and ``javascript:``
    are refused where they are stored.
    """
    return (
        0 < len(url) <= URL_LIMIT
        and url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and not any(ch.isspace() or ord(ch) < 32 for ch in url)
    )
