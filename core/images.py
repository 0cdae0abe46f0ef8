"""Pictures from outside are measured before they are decoded (图片尺寸先查后解).

A 410 KB PNG can claim 12000×12000 pixels and take gigabytes to decode; a 7000×7000 one cost
314 MB in one request. :func:`too_many_pixels` reads only the header. Pillow's own
decompression-bomb limit (``Image.MAX_IMAGE_PIXELS``) is set to the same figure
(``Settings.image_max_pixels``, 24 million by default — a 6000×4000 photo) when the platform
boots, so any decode elsewhere refuses a bomb too.
"""

from __future__ import annotations

import warnings
from io import BytesIO

from PIL import Image, UnidentifiedImageError

__all__ = ["DEFAULT_MAX_PIXELS", "set_pixel_limit", "too_many_pixels"]

DEFAULT_MAX_PIXELS = 24_000_000


def set_pixel_limit(max_pixels: int) -> None:
    Image.MAX_IMAGE_PIXELS = max_pixels


def too_many_pixels(content: bytes, max_pixels: int | None = None) -> bool:
    """Whether the picture's header claims more pixels than allowed (unreadable: False —
    whether it is a picture at all is the caller's check)."""
    limit = max_pixels or Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(content)) as image:
                width, height = image.size
        except Image.DecompressionBombError:
            return True
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return False
    return width * height > limit


set_pixel_limit(DEFAULT_MAX_PIXELS)
