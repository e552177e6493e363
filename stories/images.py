"""The check every uploaded story image goes through before anything is stored: the kernel's
upload check (coalition.uploads.check_upload), which reads the content (with Pillow, not its
name or the browser's word): a JPEG, PNG or WebP image, no larger than MAX_IMAGE_BYTES, each
side from MIN_SIDE to MAX_SIDE pixels. The content decides the kind it is stored and served as."""

from coalition.uploads import JPEG, PNG, WEBP, Kind, check_upload

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MIN_SIDE = 200  # pixels: smaller says nothing on a page
MAX_SIDE = 8000  # pixels: larger is a camera's raw file, or a decompression bomb
# What a story's page shows well (no GIF: a story's picture is a photo, not an animation).
PHOTOS = (JPEG, PNG, WEBP)


def image_check(upload) -> Kind:
    """The kind the upload is (its `content_type` and stored `extension`), or a ValidationError
    saying what is wrong with it (for the field)."""
    return check_upload(
        upload,
        kinds=PHOTOS,
        max_bytes=MAX_IMAGE_BYTES,
        by_content=True,
        sides=(MIN_SIDE, MAX_SIDE),
    )
