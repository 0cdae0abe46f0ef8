"""What an uploaded file really is, by its first bytes (magic numbers), not by its name.

The whitelist of the case file's evidence uploads: PDF, JPEG, PNG, Word (.doc, .docx) and
Excel (.xls, .xlsx). A file is accepted only when its content is one of these *and* its
name's extension says the same, so a renamed executable or a script called ``x.pdf`` is
refused. Office Open XML files are zip archives: they are told apart by the part every
Word or Excel package holds (``word/document.xml``, ``xl/workbook.xml``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

__all__ = ["ALLOWED", "FileKind", "sniff"]


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    media_type: str
    extensions: tuple[str, ...]


ALLOWED: dict[str, FileKind] = {
    k.code: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", ("pdf",)),
        FileKind("jpeg", "JPG 图片", "image/jpeg", ("jpg", "jpeg")),
        FileKind("png", "PNG 图片", "image/png", ("png",)),
        FileKind("doc", "Word 97-2003", "application/msword", ("doc",)),
        FileKind(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind("xls", "Excel 97-2003", "application/vnd.ms-excel", ("xls",)),
        FileKind(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
    )
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .doc and .xls


def _ooxml(head: bytes, content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(content: bytes, extension: str) -> FileKind | None:
    """The allowed kind *content* is, if its first bytes say so and *extension* agrees."""
    head = content[:16]
    code: str | None = None
    if head.startswith(b"%PDF-"):
        code = "pdf"
    elif head.startswith(b"\xff\xd8\xff"):
        code = "jpeg"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        code = "png"
    elif head.startswith(_OLE):
        code = "xls" if extension == "xls" else "doc"
    elif head.startswith(b"PK\x03\x04"):
        code = _ooxml(head, content)
    kind = ALLOWED.get(code) if code else None
    if kind is None or extension.lower() not in kind.extensions:
        return None
    return kind
