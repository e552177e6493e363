"""Stories: written by partner staff in both languages with an image, submitted, approved
(published) or returned with a reason by a lead, each change audited and the author emailed in
their language; pages, moderation rights and the list's queries."""

import pytest
from django.core import mail

from coalition.models import AuditLog
from stories import selectors, services
from stories.models import Story
from tests.factories import (
    OrganizationFactory,
    image_upload,
    join_staff,
    story,
    two_factor_lead,
    verified_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory(name="Opportunity Coalition", slug="oc")


@pytest.fixture
def author(org):
    person = verified_user("ana@example.org", preferred_language="es")
    join_staff(org, person)
    return person


@pytest.fixture
def lead_2fa():
    return two_factor_lead("boss@example.org")


def form(org, **data):
    return {
        "title_en": "Teachers lead",
        "title_es": "Docentes al frente",
        "summary_en": "A short summary.",
        "summary_es": "Un resumen corto.",
        "body_en": "The story.",
        "body_es": "La historia.",
        "image_alt_en": "A green square.",
        "image_alt_es": "Un cuadrado verde.",
        "organization": org.pk,
        **data,
    }


def actions(story_):
    return list(
        AuditLog.objects.filter(object_id=str(story_.pk), action__startswith="story.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_staff_write_a_draft_then_submit_it(client, org, author):
    client.force_login(author)
    response = client.post("/stories/new/", {**form(org), "image": image_upload()})
    assert response.status_code == 302
    made = Story.objects.get()
    assert made.status == Story.Status.DRAFT
    assert made.slug == "teachers-lead"
    assert made.image.name.startswith("stories/") and made.image_type == "image/png"
    assert made.author == author

    response = client.post(f"/stories/{made.slug}/submit/")
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Story.Status.SUBMITTED and made.submitted_at
    assert actions(made) == ["story.created", "story.submitted"]
    # Not public yet: 404 for a visitor, the page for its author.
    assert client.get(made.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(made.get_absolute_url()).status_code == 404
    assert client.get(made.get_image_url()).status_code == 404


def test_submitting_needs_both_languages_and_the_image(client, org, author):
    client.force_login(author)
    data = form(org, title_es="", summary_es="", submit="1")
    response = client.post("/stories/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    # Beside each field, and in the summary at the top of the page.
    assert page.count("Needed in both languages before the story is submitted.") == 4
    assert "Add an image before the story is submitted." in page
    assert not Story.objects.exists()


def test_a_lead_approves_and_the_author_is_told_in_spanish(
    client, org, author, lead_2fa, django_capture_on_commit_callbacks
):
    made = story(organization=org, author=author, status="submitted")
    mail.outbox.clear()
    client.force_login(lead_2fa)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/stories/moderation/{made.pk}/", {"action": "approve"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Story.Status.APPROVED and made.published_at
    assert actions(made)[-1] == "story.approved"
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    # In her language: the story's Spanish title (the words too, once translated).
    assert "Los docentes abren el camino" in message.subject
    client.logout()
    page = client.get("/stories/").content.decode()
    assert made.title_en in page
    assert client.get(made.get_absolute_url()).status_code == 200


def test_a_lead_returns_with_a_reason_and_the_author_changes_it(
    client, org, author, lead_2fa, django_capture_on_commit_callbacks
):
    made = story(organization=org, author=author, status="submitted")
    mail.outbox.clear()
    client.force_login(lead_2fa)
    response = client.post(f"/stories/moderation/{made.pk}/", {"action": "return", "reason": ""})
    assert response.status_code == 400
    assert "Say what the author should change." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/stories/moderation/{made.pk}/", {"action": "return", "reason": "Add a date."}
        )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.return_reason) == (Story.Status.RETURNED, "Add a date.")
    [message] = mail.outbox
    assert "Add a date." in message.body and "/edit/" in message.body

    client.force_login(author)
    assert "Add a date." in client.get("/stories/mine/").content.decode()
    response = client.post(
        f"/stories/{made.slug}/edit/", {**form(org, title_en="Teachers lead, 2026"), "submit": "1"}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == Story.Status.SUBMITTED and made.title_en == "Teachers lead, 2026"
    assert made.return_reason == ""
    assert actions(made)[-3:] == ["story.returned", "story.updated", "story.submitted"]


def test_only_leads_review_others_are_refused(client, org, author):
    made = story(organization=org, author=author, status="submitted")
    client.force_login(author)
    assert client.get("/stories/moderation/").status_code == 403
    response = client.post(f"/stories/moderation/{made.pk}/", {"action": "approve"})
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == Story.Status.SUBMITTED


def test_staff_of_another_organization_cannot_edit(client, org):
    made = story(organization=org, status="draft")
    other = verified_user("other@example.org")
    join_staff(OrganizationFactory(), other)
    client.force_login(other)
    assert client.get(f"/stories/{made.slug}/edit/").status_code == 403
    assert client.post(f"/stories/{made.slug}/submit/").status_code == 403


def test_a_story_with_a_lead_cannot_be_changed_or_reviewed_twice(client, org, author, lead_2fa):
    made = story(organization=org, author=author, status="approved")
    client.force_login(author)
    response = client.post(f"/stories/{made.slug}/edit/", form(org, title_en="Changed"))
    assert response.status_code == 409
    made.refresh_from_db()
    assert made.title_en != "Changed"
    with pytest.raises(services.ValidationError):
        services.story_approve(actor=lead_2fa, story=made)
    client.force_login(lead_2fa)
    assert client.post(f"/stories/moderation/{made.pk}/", {"action": "approve"}).status_code == 404


def test_the_moderation_queue_lists_what_waits(client, org, lead_2fa):
    waiting = story(organization=org, status="submitted", title="Waiting one")
    story(organization=org, status="draft", title="Still a draft")
    client.force_login(lead_2fa)
    page = client.get("/stories/moderation/").content.decode()
    assert waiting.title_en in page and "Still a draft" not in page


def test_the_list_shows_published_stories_only_in_the_visitors_language(client, org):
    story(organization=org, title="Published story")
    story(organization=org, status="submitted", title="Waiting story")
    page = client.get("/stories/").content.decode()
    assert "Published story" in page and "Waiting story" not in page
    page = client.get("/stories/", headers={"accept-language": "es"}).content.decode()
    assert "Los docentes abren el camino" in page


@pytest.mark.parametrize("count", [2, 8])
def test_the_list_runs_the_same_queries_whatever_the_number(
    client, django_assert_num_queries, count
):
    organizations = [OrganizationFactory() for _ in range(count)]
    for organization in organizations:
        story(organization=organization)
    # The count (paginator) and the page with its organizations.
    with django_assert_num_queries(2):
        response = client.get("/stories/")
    assert response.status_code == 200


def test_published_stories_is_exposed_for_other_apps(org):
    made = story(organization=org)
    story(organization=org, status="draft")
    assert list(selectors.published_stories()) == [made]
    assert made.get_absolute_url() == f"/stories/{made.slug}/"


def test_reserved_slugs_are_not_taken(org, author):
    made = services.story_create(
        actor=author,
        fields={"title_en": "Feed", "organization": org},
    )
    assert made.slug == "feed-2"


@pytest.mark.parametrize("count", [2, 6])
def test_the_review_queue_and_my_stories_run_the_same_queries_whatever_the_number(
    client, org, author, lead_2fa, count
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(count):
        story(organization=org, author=author, status="submitted")
    counted = {}
    for person, path in ((lead_2fa, "/stories/moderation/"), (author, "/stories/mine/")):
        client.force_login(person)
        client.get(path)  # the person's roles, read once and kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counted[path] = len(queries)
    assert counted == QUERIES_OF_SIGNED_IN_LISTS


# The count (paginator), the page with its organizations (and authors); the person is kept.
QUERIES_OF_SIGNED_IN_LISTS = {"/stories/moderation/": 2, "/stories/mine/": 2}
