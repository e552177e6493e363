"""The check every uploaded story image goes through before anything is stored: its content
(read by Pillow, not its name or the browser's word) is a JPEG, PNG or WebP image, no larger
than MAX_IMAGE_BYTES, of sensible dimensions. Small on purpose, to join the kernel's upload
checks (coalition/uploads.py) later."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MIN_SIDE = 200  # pixels: smaller says nothing on a page
MAX_SIDE = 8000  # pixels: larger is a camera's raw file, or a decompression bomb
# Pillow's format name -> (content type served, file extension stored)
ALLOWED = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    extension: str
    width: int
    height: int


def image_check(upload) -> CheckedImage:
    """What the upload is, or a ValidationError saying what is wrong with it (for the field)."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest accepted is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_IMAGE_BYTES)},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("This file is not a JPEG, PNG or WebP image. Choose a photo or picture in one of these."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            if kind not in ALLOWED:
                raise not_an_image
            if max(width, height) > MAX_SIDE or min(width, height) < MIN_SIDE:
                raise ValidationError(
                    _(
                        "The image is %(width)s by %(height)s pixels; each side must be from "
                        "%(min)s to %(max)s pixels."
                    )
                    % {"width": width, "height": height, "min": MIN_SIDE, "max": MAX_SIDE},
                    code="dimensions",
                )
            image.verify()  # a truncated or corrupt file fails here
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    content_type, extension = ALLOWED[kind]
    return CheckedImage(content_type, extension, width, height)
