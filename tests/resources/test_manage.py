"""Partner staff add resources for their organization and edit or delete them; leads any.
Every change is in the audit log."""

import re

import pytest

from coalition.models import AuditLog
from resources.models import Resource
from tests import factories
from tests.resources.helpers import pdf_bytes, resource, upload


def form(**changes):
    return {
        "title_en": "Reinvent vs. Rebuild: Let's Fix the Child Care System",
        "title_es": "Reinventar o reconstruir: arreglemos el sistema de cuidado infantil",
        "summary_en": "The issue brief the webinar series was based on.",
        "kind": "brief",
        "language": "en",
        "url": "https://opportunities-exchange.org/brief",
        "source": "Opportunities Exchange",
        "source_url": "https://opportunities-exchange.org",
        "published_on": "2020-08-31",
        "visibility": "public",
        **changes,
    }


def test_staff_add_a_link_for_their_organization(client, staff_a, org_a, org_b):
    lab = factories.InitiativeFactory()
    event = factories.EventFactory(hosts=[org_a])
    client.force_login(staff_a)
    page = client.get("/resources/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    # Only their own organization is offered.
    assert "Org A" in page and "Org B" not in page

    response = client.post(
        "/resources/new/",
        form(organization=org_a.pk, initiatives=[lab.pk], events=[event.pk]),
    )

    added = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == added.get_absolute_url()
    assert added.slug == "reinvent-vs-rebuild-lets-fix-the-child-care-system"
    assert (added.organization, added.created_by) == (org_a, staff_a)
    assert list(added.initiatives.all()) == [lab] and list(added.events.all()) == [event]
    assert added.title_es.startswith("Reinventar")
    log = AuditLog.objects.get(action="resource.created")
    assert (log.actor, log.target) == (staff_a, added)


def test_staff_may_not_add_for_another_organization(client, staff_a, org_b):
    client.force_login(staff_a)
    response = client.post("/resources/new/", form(organization=org_b.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Resource.objects.exists()


def test_staff_upload_a_file(client, staff_a, org_a):
    client.force_login(staff_a)
    response = client.post(
        "/resources/new/",
        form(organization=org_a.pk, url="", file=upload("brief.pdf", pdf_bytes())),
    )
    assert response.status_code == 302
    added = Resource.objects.get()
    assert (added.file_name, added.file_type, added.file_size) == (
        "brief.pdf",
        "application/pdf",
        len(pdf_bytes()),
    )
    page = client.get(added.get_absolute_url()).content.decode()
    assert f'href="{added.get_file_url()}"' in page
    assert added.file.name not in page


def test_staff_edit_and_delete_their_organizations_resources_only(client, staff_a, staff_b, org_a):
    item = resource(organization=org_a, title_en="Old title")
    client.force_login(staff_b)
    assert client.get(f"/resources/{item.slug}/edit/").status_code == 403
    assert client.post(f"/resources/{item.slug}/delete/", {"confirm": "on"}).status_code == 403

    client.force_login(staff_a)
    response = client.post(
        f"/resources/{item.slug}/edit/", form(organization=org_a.pk, title_en="New title")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_en == "New title"
    assert AuditLog.objects.filter(action="resource.updated", actor=staff_a).count() == 1

    assert client.post(f"/resources/{item.slug}/delete/", {}).status_code == 400
    response = client.post(f"/resources/{item.slug}/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert not Resource.objects.exists()
    assert AuditLog.objects.filter(action="resource.deleted", actor=staff_a).count() == 1


def test_a_lead_edits_any_and_may_add_for_no_organization(client, verified_lead, org_a):
    item = resource(organization=org_a)
    client.force_login(verified_lead)
    assert client.get(f"/resources/{item.slug}/edit/").status_code == 200
    response = client.post("/resources/new/", form(organization=""))
    assert response.status_code == 302
    assert Resource.objects.filter(organization__isnull=True).count() == 1


def test_the_manage_list_shows_what_the_person_may_edit(client, staff_a, org_a, org_b):
    resource(organization=org_a, title_en="Ours")
    resource(organization=org_b, title_en="Theirs")
    client.force_login(staff_a)
    page = client.get("/resources/manage/").content.decode()
    assert re.search(r">Ours<", page) and not re.search(r">Theirs<", page)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"title_en": "", "title_es": ""},
            "title_en",
            "Write it in English, in Spanish or in both.",
        ),
        ({"published_on": "3000-01-01"}, "published_on", "Enter a date between"),
        ({"url": "not a link"}, "url", "Enter a valid URL."),
    ],
)
def test_bad_input_is_said_beside_its_field(client, staff_a, org_a, changes, field, message):
    client.force_login(staff_a)
    response = client.post("/resources/new/", form(organization=org_a.pk, **changes))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.text
    assert message in response.text
    assert not Resource.objects.exists()
