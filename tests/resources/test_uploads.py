"""The upload checks (coalition.uploads) and the upload form: every bad file is refused with
its reason next to the file field and a 400, and nothing is stored, row or file."""

import pytest
from django.core.exceptions import ValidationError

from coalition import uploads
from coalition.models import AuditLog
from resources.models import Resource
from tests.resources.helpers import (
    docx_bytes,
    image_bytes,
    pdf_bytes,
    pptx_bytes,
    stored_files,
    upload,
)

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("brief.pdf", pdf_bytes(), uploads.PDF),
        ("slides.pptx", pptx_bytes(), uploads.PPTX),
        ("notes.docx", docx_bytes(), uploads.DOCX),
        ("figures.csv", "año,niños\n2020,700\n".encode(), uploads.CSV),
        ("photo.png", image_bytes("PNG"), uploads.PNG),
        ("photo.JPG", image_bytes("JPEG"), uploads.JPEG),
        ("photo.webp", image_bytes("WEBP"), uploads.WEBP),
    ],
)
def test_each_kind_is_recognised_by_its_content(name, content, kind):
    assert uploads.check_upload(upload(name, content)) is kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("brief.pdf", b"<html>not a pdf</html>", "This file says .pdf but is not a PDF file."),
        ("slides.pptx", docx_bytes(), "This file says .pptx but is not a PowerPoint (PPTX) file."),
        ("notes.docx", pptx_bytes(), "This file says .docx but is not a Word (DOCX) file."),
        ("notes.docx", b"PK\x03\x04broken zip", "This file says .docx but is not a Word"),
        ("figures.csv", b"a,b\n\x00\x01\x02", "This file says .csv but is not a CSV file."),
        ("figures.csv", b"caf\xe9,ni\xf1os\n", "This file says .csv but is not a CSV file."),
        ("photo.png", image_bytes("JPEG"), "This file says .png but is not a PNG file."),
        ("photo.jpg", pdf_bytes(), "This file says .jpg but is not a JPEG file."),
        ("program.exe", b"MZ\x90\x00", "This kind of file is not taken"),
        ("page.html", b"<html></html>", "This kind of file is not taken"),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_a_file_whose_content_is_not_its_kind_is_refused(name, content, message):
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, content))
    assert refused.value.messages[0].startswith(message)


def test_a_file_over_the_limit_says_its_size():
    big = upload("report.pdf", b"%PDF-1.4" + b"0" * (31 * MB - 100))
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(big)
    assert refused.value.messages == ["The file is 31 MB; 25 MB at most."]


def test_a_utf8_character_split_across_reads_is_still_text(monkeypatch):
    monkeypatch.setattr(uploads, "_CHUNK", 3)
    assert uploads.check_upload(upload("a.csv", "ñañaña,é\n".encode())) is uploads.CSV


# Through the form


def form_data(**changes):
    return {
        "title_en": "Reinvent vs. Rebuild",
        "kind": "brief",
        "language": "en",
        "source": "Opportunities Exchange",
        "published_on": "2020-08-31",
        "visibility": "public",
        "organization": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("brief.pdf", b"GIF89a not a pdf", "This file says .pdf but is not a PDF file."),
        ("brief.exe", b"MZ", "This kind of file is not taken"),
        ("slides.pptx", b"PK\x03\x04 nothing", "This file says .pptx but is not a PowerPoint"),
        ("big.pdf", b"%PDF-1.4" + b"0" * (26 * MB - 8), "The file is 26 MB; 25 MB at most."),
    ],
)
def test_the_form_refuses_a_bad_file_beside_the_field_and_stores_nothing(
    client, staff_a, org_a, name, content, message
):
    client.force_login(staff_a)
    before = stored_files()
    response = client.post(
        "/resources/new/",
        form_data(organization=org_a.pk, file=upload(name, content)),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    # Said next to the file field (its error is tied to the input).
    assert 'id="id_file_error"' in text
    assert Resource.objects.count() == 0
    assert not AuditLog.objects.filter(action__startswith="resource.").exists()
    assert stored_files() == before


def test_a_link_and_a_file_together_are_refused(client, staff_a, org_a):
    client.force_login(staff_a)
    response = client.post(
        "/resources/new/",
        form_data(
            organization=org_a.pk,
            url="https://example.org/brief",
            file=upload("brief.pdf", pdf_bytes()),
        ),
    )
    # The file takes the place of the link: a file was given, so it is the resource.
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.url, resource.file_type) == ("", "application/pdf")


def test_neither_link_nor_file_is_refused_beside_the_link(client, staff_a, org_a):
    client.force_login(staff_a)
    response = client.post("/resources/new/", form_data(organization=org_a.pk))
    assert response.status_code == 400
    assert "Give the link to where it is published, or upload its file." in response.text
    assert Resource.objects.count() == 0


def test_a_failed_save_after_the_file_is_written_leaves_no_file(staff_a, org_a, monkeypatch):
    from resources import services

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "audit_log", broken)
    before = stored_files()
    with pytest.raises(RuntimeError):
        services.resource_create(
            actor=staff_a,
            organization=org_a,
            fields={
                "title_en": "Slides",
                "kind": "slides",
                "source": "Org A",
                "published_on": "2024-01-01",
            },
            links={},
            upload=upload("slides.pdf", pdf_bytes()),
        )
    assert Resource.objects.count() == 0
    assert stored_files() == before
