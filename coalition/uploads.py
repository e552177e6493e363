"""Checks of uploaded files: their size, and that their CONTENT is what their name says.

A name is only a claim. Each kind is recognised by what the file holds: a PDF by its magic
bytes, a PPTX or DOCX by being a zip with the right `[Content_Types].xml` and its `ppt/` or
`word/` part, a CSV by decoding as UTF-8 text without NUL bytes, an image by opening with
Pillow. `check_upload` raises a ValidationError with one clear message per failure ("This file
says .pdf but is not a PDF", "The file is 31 MB; 25 MB at most"), shown next to the file field;
it returns the kind found, whose content type is the one the file is later served with.

Any app may use it (the resource library's files, a story's image): pass the kinds it takes.
Images may be told by their content alone (`by_content=True`: a phone's "photo.png" is often a
JPEG, and the content decides what it is served as), and held to a range of pixels per side
(`sides=(200, 8000)`: smaller says nothing on a page, larger is a camera's raw file or a
decompression bomb).
"""

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str  # what people call it: "PDF"
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the one stored
    content_type: str

    @property
    def extension(self) -> str:
        """The extension a file of this kind is stored with, without the dot: "jpg"."""
        return self.extensions[0].removeprefix(".")


PDF = Kind("PDF", (".pdf",), "application/pdf")
PPTX = Kind(
    "PowerPoint (PPTX)",
    (".pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
DOCX = Kind(
    "Word (DOCX)",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
CSV = Kind("CSV", (".csv",), "text/csv; charset=utf-8")
PNG = Kind("PNG", (".png",), "image/png")
JPEG = Kind("JPEG", (".jpg", ".jpeg"), "image/jpeg")
WEBP = Kind("WebP", (".webp",), "image/webp")
GIF = Kind("GIF", (".gif",), "image/gif")

IMAGES = (PNG, JPEG, WEBP, GIF)
DOCUMENTS = (PDF, PPTX, DOCX, CSV, *IMAGES)

# Pillow's name of each image format.
_PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP", GIF: "GIF"}
# Bytes read to check a CSV: enough to see it is text, and a NUL anywhere in the file is caught
# by reading it all in chunks.
_CHUNK = 1024 * 1024


def megabytes(size: int) -> int:
    """Whole megabytes, rounded up: a file of 25.2 MB is "26 MB", over 25 MB at most."""
    return -(-size // (1024 * 1024))


def kind_for_name(name: str, kinds) -> Kind | None:
    extension = PurePath(name or "").suffix.lower()
    return next((kind for kind in kinds if extension in kind.extensions), None)


def accepted_extensions(kinds) -> str:
    """For the file input's accept attribute and the help text: ".pdf,.pptx,…"."""
    return ",".join(extension for kind in kinds for extension in kind.extensions)


def either(names: list[str]) -> str:
    """ "JPEG, PNG or WebP", in the reader's language."""
    if len(names) < 2:
        return "".join(names)
    return gettext("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def check_upload(
    upload,
    *,
    kinds=DOCUMENTS,
    max_bytes: int | None = None,
    by_content: bool = False,
    sides: tuple[int, int] | None = None,
) -> Kind:
    """The kind of `upload` (a Django UploadedFile), once its size and content are checked;
    else ValidationError with the reason. Reads the file, and leaves it at its start.

    `by_content`: the kind is what the content is, whatever the name says (images only).
    `sides`: an image's width and height must each be from `sides[0]` to `sides[1]` pixels."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload is None or not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; %(max)s MB at most."),
            code="too_large",
            params={"size": megabytes(upload.size), "max": max_bytes // (1024 * 1024)},
        )
    if by_content:
        return _image_by_content(upload, kinds, sides)
    kind = kind_for_name(upload.name, kinds)
    if kind is None:
        names = ", ".join(kind.name for kind in kinds)
        raise ValidationError(
            ngettext(
                "This kind of file is not taken: give a %(kinds)s file.",
                "This kind of file is not taken: give one of %(kinds)s.",
                len(kinds),
            ),
            code="wrong_type",
            params={"kinds": names},
        )
    try:
        ok = _content_is(kind, upload)
    finally:
        upload.seek(0)
    if not ok:
        raise ValidationError(
            _("This file says %(extension)s but is not a %(kind)s file."),
            code="content_mismatch",
            params={"extension": PurePath(upload.name).suffix.lower(), "kind": kind.name},
        )
    if sides and kind in _PILLOW_FORMATS:
        _check_sides(_read_image(upload), sides)
    return kind


def _image_by_content(upload, kinds, sides) -> Kind:
    read = _read_image(upload)
    formats = {_PILLOW_FORMATS[kind]: kind for kind in kinds if kind in _PILLOW_FORMATS}
    if read is None or read[0] not in formats:
        raise ValidationError(
            _("This file is not a %(kinds)s image. Choose a photo or picture in one of these."),
            code="not_an_image",
            params={"kinds": either([kind.name for kind in kinds if kind in _PILLOW_FORMATS])},
        )
    if sides:
        _check_sides(read, sides)
    return formats[read[0]]


def _check_sides(read, sides: tuple[int, int]) -> None:
    _format, (width, height) = read
    low, high = sides
    if max(width, height) > high or min(width, height) < low:
        raise ValidationError(
            _(
                "The image is %(width)s by %(height)s pixels; each side must be from "
                "%(min)s to %(max)s pixels."
            ),
            code="dimensions",
            params={"width": width, "height": height, "min": low, "max": high},
        )


def _content_is(kind: Kind, upload) -> bool:
    upload.seek(0)
    if kind is PDF:
        # The header may follow a little junk; readers accept it within the first kilobyte.
        return b"%PDF-" in upload.read(1024)
    if kind in (PPTX, DOCX):
        return _is_office(upload, "ppt/" if kind is PPTX else "word/", kind)
    if kind is CSV:
        return _is_utf8_text(upload)
    if kind in _PILLOW_FORMATS:
        return _is_image(upload, _PILLOW_FORMATS[kind])
    return False


def _is_office(upload, folder: str, kind: Kind) -> bool:
    """An Office Open XML file: a zip whose [Content_Types].xml names the main part's type
    and whose parts include its folder (ppt/ or word/)."""
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names:
                return False
            if not any(name.startswith(folder) for name in names):
                return False
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:  # a zip bomb's, not a real one
                return False
            types = archive.read(info)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
        return False
    main = kind.content_type.rsplit(".", 1)[-1]  # "presentation", "document"
    return f"{main}.main+xml".encode() in types


def _is_utf8_text(upload) -> bool:
    """UTF-8 text throughout (read in chunks; a character may straddle two), without NUL."""
    upload.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := upload.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _is_image(upload, pillow_format: str) -> bool:
    read = _read_image(upload)
    return read is not None and read[0] == pillow_format


def _read_image(upload) -> tuple[str, tuple[int, int]] | None:
    """Pillow's format name and the (width, height) of a whole, readable image; else None
    (not an image, truncated or corrupt, or a decompression bomb). Leaves it at its start."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            read = (image.format, image.size)
            image.verify()  # a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return read
