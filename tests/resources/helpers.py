"""Files of every kind the library takes (and bad ones), and resources made the way the site
makes them: through the services."""

import io
import itertools
import os
import zipfile

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from resources import services
from tests import factories

_numbers = itertools.count(1)


def pdf_bytes() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def office_bytes(folder: str, main: str) -> bytes:
    """A minimal Office Open XML file: [Content_Types].xml naming the main part, and it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/x" ContentType="application/vnd.openxmlformats'
            f'-officedocument.{main}.main+xml"/></Types>',
        )
        archive.writestr(f"{folder}main.xml", "<xml/>")
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    return office_bytes("ppt/", "presentationml.presentation")


def docx_bytes() -> bytes:
    return office_bytes("word/", "wordprocessingml.document")


def image_bytes(pillow_format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format=pillow_format)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type)


def stored_files() -> list[str]:
    """Every file under the test run's MEDIA_ROOT/resources."""
    root = os.path.join(settings.MEDIA_ROOT, "resources")
    if not os.path.isdir(root):
        return []
    return sorted(os.listdir(root))


def resource(*, organization=None, actor=None, upload=None, links=None, **fields):
    """A resource added through the service: a link unless `upload` is given."""
    number = next(_numbers)
    values = {
        "title_en": f"Child care brief {number}",
        "title_es": f"Informe sobre cuidado infantil {number}",
        "kind": "brief",
        "language": "both",
        "source": "Opportunities Exchange",
        "published_on": "2020-08-31",
        "visibility": "public",
        **({} if upload else {"url": f"https://example.org/brief-{number}"}),
        **fields,
    }
    return services.resource_create(
        actor=actor,
        organization=organization or factories.OrganizationFactory(),
        fields=values,
        links=links or {},
        upload=upload,
    )
