"""A resource's file: streamed through the storage API after the permission check, with its
checked type, never from a public path, under a name nobody can guess."""

import pytest

from coalition.models import AuditLog
from tests.resources.helpers import pdf_bytes, pptx_bytes, resource, stored_files, upload


@pytest.fixture
def private_pdf(org_a):
    return resource(
        organization=org_a,
        visibility="partners",
        upload=upload("Partners notes.pdf", pdf_bytes(), "text/html"),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_partners_only_file_is_for_partner_staff_and_leads(
    client, private_pdf, staff_b, member, verified_lead
):
    url = private_pdf.get_file_url()
    assert client.get(url).status_code == 404  # anonymous: not told it exists
    client.force_login(member)
    assert client.get(url).status_code == 403
    for person in (staff_b, verified_lead):  # partner staff of any organization, and leads
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert body(response) == pdf_bytes()
        # The checked type, not the one the browser sent; never sniffed, never cached.
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert 'filename="Partners notes.pdf"' in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]


def test_a_partners_only_page_follows_the_same_rule(client, private_pdf, member, staff_b):
    assert client.get(private_pdf.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(private_pdf.get_absolute_url()).status_code == 403
    client.force_login(staff_b)
    assert "Partners only" in client.get(private_pdf.get_absolute_url()).text


def test_a_public_file_is_for_everyone_and_downloads_when_not_a_pdf(client, org_a):
    slides = resource(organization=org_a, kind="slides", upload=upload("deck.pptx", pptx_bytes()))
    response = client.get(slides.get_file_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert body(response) == pptx_bytes()


def test_the_stored_name_is_random_and_not_under_a_public_path(client, private_pdf):
    name = private_pdf.file.name
    assert name.startswith("resources/") and name.endswith(".pdf")
    assert "notes" not in name.lower() and len(name) > 30
    assert name.rpartition("/")[2] in stored_files()
    # No URL of the site serves the storage's folder.
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/{name}").status_code == 404


def test_a_link_has_no_file(client, org_a):
    link = resource(organization=org_a)
    assert client.get(link.get_file_url()).status_code == 404


def test_replacing_and_deleting_remove_the_old_file(
    staff_a, private_pdf, django_capture_on_commit_callbacks
):
    from resources import services

    first = private_pdf.file.name.rpartition("/")[2]
    with django_capture_on_commit_callbacks(execute=True):
        with_new = services.resource_update(
            actor=staff_a,
            resource=private_pdf,
            fields={},
            links={},
            upload=upload("v2.pdf", pdf_bytes()),
        )
    assert first not in stored_files()
    second = with_new.file.name.rpartition("/")[2]
    assert second in stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_delete(actor=staff_a, resource=with_new)
    assert second not in stored_files()
    actions = AuditLog.objects.filter(action__startswith="resource.").order_by("id")
    assert list(actions.values_list("action", flat=True)) == [
        "resource.created",
        "resource.updated",
        "resource.deleted",
    ]
