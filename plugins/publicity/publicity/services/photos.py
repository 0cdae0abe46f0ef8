"""Event photos: stored under the data directory (``publicity/photos/``), never in the DB.

Only real images are accepted: the first bytes must be a JPEG, PNG, GIF or WebP signature
and Pillow must be able to read the picture — a renamed PDF or script is refused whatever its
extension. Oversized files are refused before anything is written. A thumbnail (longest side
320 px, JPEG) is made beside each photo for lists. Both take their place only when the row's
transaction commits (``core.api.stage_file``); the core's file sweep removes what a crash
left behind.
"""

from __future__ import annotations

import io
import secrets
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlmodel import Session, select

from core.api import N_, FileStore, register_file_store, stage_file, too_many_pixels
from publicity.errors import InvalidInput, Message, joined, marked
from publicity.models import PublicityEvent, PublicityPhoto

__all__ = ["MAGIC", "photo_dir", "photo_path", "sniff", "store_photo", "thumb_path"]

MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)
THUMB_SIZE = (320, 320)
PER_EVENT = 20
#: What a file sent without a name is called in a message (translated where it is shown).
UNNAMED = marked(N_("未命名文件"))


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the file's signature, or None if not an image."""
    for magic, ctype, ext in MAGIC:
        if head.startswith(magic):
            return ctype, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def photo_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "publicity" / "photos"


def photo_path(data_dir: Path, photo: PublicityPhoto) -> Path:
    return photo_dir(data_dir) / photo.stored_name


def thumb_path(data_dir: Path, photo: PublicityPhoto) -> Path:
    return photo_dir(data_dir) / f"thumb-{photo.stored_name.rsplit('.', 1)[0]}.jpg"


def store_photo(
    session: Session,
    data_dir: Path,
    event: PublicityEvent,
    *,
    content: bytes,
    filename: str,
    max_bytes: int,
    actor_id: int | None,
    now: datetime | None = None,
    field: str = "photos",
) -> PublicityPhoto:
    """Check, save and register one photo; raises InvalidInput with a message naming the file."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] if filename else UNNAMED
    if not content:
        raise InvalidInput({field: Message(N_("“{name}”是空文件"), name=name)})
    if len(content) > max_bytes:
        raise InvalidInput(
            {
                field: Message(
                    N_("“{name}”过大（{size} MB），每张照片不能超过 {limit} MB"),
                    name=name,
                    size=f"{len(content) / 1048576:.1f}",
                    limit=max_bytes // 1048576,
                )
            }
        )
    kind = sniff(content[:16])
    if kind is None:
        raise InvalidInput(
            {
                field: Message(
                    N_("“{name}”不是图片文件，只能上传 JPEG、PNG、GIF 或 WebP 格式的照片"),
                    name=name,
                )
            }
        )
    if too_many_pixels(content):  # from the header, before any pixel is decoded
        raise InvalidInput({field: Message(N_("“{name}”像素过多，请压缩后再上传"), name=name)})
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            thumb = image.convert("RGB")
            thumb.thumbnail(THUMB_SIZE)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(
            {field: Message(N_("“{name}”已损坏或不是有效的图片"), name=name)}
        ) from None
    ctype, ext = kind
    photo = PublicityPhoto(
        org_id=event.org_id,
        event_id=event.id,  # type: ignore[arg-type]
        stored_name=f"{secrets.token_hex(16)}.{ext}",
        original_name=str(name),
        content_type=ctype,
        size=len(content),
        width=width,
        height=height,
        uploaded_at=now or datetime.now(UTC),
        uploaded_by=actor_id,
    )
    stage_file(session, photo_path(data_dir, photo), content)
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=80)
    stage_file(session, thumb_path(data_dir, photo), buffer.getvalue())
    session.add(photo)
    session.flush()
    return photo


def check_uploads(files: list[tuple[str, bytes]], max_bytes: int) -> dict[str, str]:
    """Every problem of a batch before anything is stored (so one bad file stores none)."""
    problems: list[str] = []
    for filename, content in files:
        if not content:
            continue
        name = filename.rsplit("/", 1)[-1] if filename else UNNAMED
        if len(content) > max_bytes:
            problems.append(
                Message(
                    N_("“{name}”过大（{size} MB），每张照片不能超过 {limit} MB"),
                    name=name,
                    size=f"{len(content) / 1048576:.1f}",
                    limit=max_bytes // 1048576,
                )
            )
        elif sniff(content[:16]) is None:
            problems.append(
                Message(
                    N_("“{name}”不是图片文件，只能上传 JPEG、PNG、GIF 或 WebP 格式的照片"),
                    name=name,
                )
            )
        elif too_many_pixels(content):
            problems.append(Message(N_("“{name}”像素过多，请压缩后再上传"), name=name))
        else:
            try:
                with Image.open(io.BytesIO(content)) as image:
                    image.verify()
            except Exception:
                problems.append(Message(N_("“{name}”已损坏或不是有效的图片"), name=name))
    if len(files) > PER_EVENT:
        problems.append(Message(N_("一次最多上传 {count} 张照片"), count=PER_EVENT))
    return {"photos": joined(problems)} if problems else {}


def _files_in_use(session: Session) -> list[str]:
    names = session.exec(select(PublicityPhoto.stored_name)).all()
    return [*names, *(f"thumb-{name.rsplit('.', 1)[0]}.jpg" for name in names)]


PHOTO_FILES = register_file_store(FileStore("publicity.photos", photo_dir, _files_in_use))
