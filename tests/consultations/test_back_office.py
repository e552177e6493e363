"""Hosts and leads write a document and open it for comment; leads moderate the comments, and
every decision is in the audit log."""

import datetime as dt

import pytest
from django.utils import timezone

from coalition.models import AuditLog
from consultations.models import Comment, Document
from tests.consultations.helpers import comment, document
from tests.factories import (
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    two_factor_lead,
    verified_user,
)
from tests.factories import join_staff as staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return OrganizationFactory(name="Brown's Promise", slug="browns-promise")


@pytest.fixture
def staffer(client, host):
    person = verified_user("staff@example.org")
    staff_of(host, person)
    client.force_login(person)
    return person


@pytest.fixture
def lead(client):
    person = two_factor_lead()
    client.force_login(person)
    return person


def local(days: int) -> str:
    moment = timezone.localtime(timezone.now() + dt.timedelta(days=days))
    return moment.strftime("%Y-%m-%dT%H:%M")


def document_form(**overrides):
    data = {
        "title_en": "Draft policy agenda",
        "title_es": "Borrador de la agenda de políticas",
        "introduction_en": "Our draft, for your comment.",
        "introduction_es": "",
        "host": "",
        "initiative": "",
        "milestone": "",
        "opens_at": "",
        "closes_at": "",
    }
    data.update(overrides)
    return data


def test_host_staff_start_a_draft_then_open_it_with_a_closing_date(client, staffer, host):
    response = client.post("/consult/manage/new/", document_form(host=host.pk))

    doc = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consult/manage/{doc.slug}/"
    assert doc.slug == "draft-policy-agenda" and doc.created_by == staffer
    assert doc.status == Document.Status.DRAFT
    assert client.get(doc.get_absolute_url()).status_code == 200  # its editors see the draft

    client.post(
        f"/consult/manage/{doc.slug}/sections/new/",
        {
            "position": 1,
            "heading_en": "Integration",
            "heading_es": "",
            "text_en": "",
            "text_es": "",
        },
    )
    response = client.post(
        f"/consult/manage/{doc.slug}/",
        document_form(host=host.pk, opens_at=local(-1), closes_at=local(30)),
    )

    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Document.Status.OPEN
    assert doc.sections.get().heading == "Integration"
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions[-4:] == [
        "consultation.created",
        "consultation.section_saved",
        "consultation.updated",
        "consultation.opened",
    ]
    page = client.get("/consult/manage/").content.decode()
    assert "Draft policy agenda" in page and "0 comments waiting for approval" in page


def test_staff_may_host_only_for_their_own_organization(client, staffer):
    other = OrganizationFactory()
    response = client.post("/consult/manage/new/", document_form(host=other.pk))
    assert response.status_code == 400
    assert Document.objects.count() == 0
    doc = document(host=other)
    assert client.get(f"/consult/manage/{doc.slug}/").status_code == 403


def test_a_closing_date_before_the_opening_is_refused_next_to_the_field(client, staffer, host):
    response = client.post(
        "/consult/manage/new/",
        document_form(host=host.pk, opens_at=local(5), closes_at=local(1)),
    )
    assert response.status_code == 400
    assert 'id="id_closes_at_error"' in response.content.decode()
    response = client.post("/consult/manage/new/", document_form(host=host.pk, opens_at=local(5)))
    assert response.status_code == 400
    assert "Give the closing date for comments." in response.content.decode()
    assert Document.objects.count() == 0


def test_opening_without_a_closing_date_is_refused_on_the_edit_page(client, staffer, host):
    doc = document(host=host, opens_in_days=None)
    response = client.post(
        f"/consult/manage/{doc.slug}/", document_form(host=host.pk, opens_at=local(1))
    )
    assert response.status_code == 400
    assert "Give the closing date for comments." in response.content.decode()
    doc.refresh_from_db()
    assert doc.opens_at is None


def test_a_milestone_gives_the_document_its_initiative(client, staffer, host):
    milestone = MilestoneFactory(objective=ObjectiveFactory())
    client.post("/consult/manage/new/", document_form(host=host.pk, milestone=milestone.pk))
    doc = Document.objects.get()
    assert doc.initiative == milestone.objective.initiative


def test_leads_approve_a_confirmed_comment_and_it_shows(client, lead):
    doc = document()
    waiting = comment(doc, status=Comment.Status.PENDING, text="Yes, and childcare please")
    comment(doc, status=Comment.Status.UNCONFIRMED, text="Not confirmed yet")

    queue = client.get("/consult/moderation/").content.decode()
    assert "Yes, and childcare please" in queue and "Not confirmed yet" not in queue

    response = client.post(f"/consult/moderation/{waiting.pk}/", {"action": "approve"})

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED and waiting.moderated_by == lead
    assert AuditLog.objects.filter(action="comment.approved", actor=lead).count() == 1
    assert "Yes, and childcare please" in client.get(doc.get_absolute_url()).content.decode()


def test_leads_hide_an_approved_comment_with_a_reason_kept_in_the_audit_log(client, lead):
    doc = document()
    shown = comment(doc, text="Something out of place")

    refused = client.post(f"/consult/moderation/{shown.pk}/", {"action": "hide", "reason": " "})
    assert refused.status_code == 400
    assert "Say why the comment is hidden." in refused.content.decode()
    shown.refresh_from_db()
    assert shown.status == Comment.Status.APPROVED

    response = client.post(
        f"/consult/moderation/{shown.pk}/", {"action": "hide", "reason": "Names a child"}
    )

    assert response.status_code == 302
    shown.refresh_from_db()
    assert shown.status == Comment.Status.HIDDEN and shown.hidden_reason == "Names a child"
    entry = AuditLog.objects.get(action="comment.hidden")
    assert entry.data == {"reason": "Names a child", "was": "approved"} and entry.actor == lead
    assert "Something out of place" not in client.get(doc.get_absolute_url()).content.decode()


def test_an_unconfirmed_comment_cannot_be_moderated(client, lead):
    unconfirmed = comment(document(), status=Comment.Status.UNCONFIRMED)
    response = client.post(f"/consult/moderation/{unconfirmed.pk}/", {"action": "approve"})
    assert response.status_code == 404


def test_host_staff_do_not_moderate(client, staffer, host):
    waiting = comment(document(host=host), status=Comment.Status.PENDING)
    assert client.get("/consult/moderation/").status_code == 403
    assert (
        client.post(f"/consult/moderation/{waiting.pk}/", {"action": "approve"}).status_code == 403
    )


def test_the_moderation_page_runs_the_same_queries_whatever_its_size(
    client, lead, django_assert_num_queries
):
    doc = document()
    for count in (1, 25):
        for _ in range(count):
            comment(doc, status=Comment.Status.PENDING, section=doc.sections.first())
            comment(doc)
        client.get("/consult/moderation/")  # the first reads the person's roles into the cache
        # page count, pending comments with their documents and sections, the latest approved
        # (the person, the session and the roles from the cache)
        with django_assert_num_queries(3):
            response = client.get("/consult/moderation/")
        assert response.status_code == 200


def test_the_manage_list_runs_the_same_queries_whatever_its_size(
    client, lead, django_assert_num_queries
):
    for count in (1, 12):
        for _ in range(count):
            comment(document(), status=Comment.Status.PENDING)
        client.get("/consult/manage/")
        # page count, documents with their hosts and pending counts (the person from the cache)
        with django_assert_num_queries(2):
            assert client.get("/consult/manage/").status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_back_office_pages_keep_the_markup_rules_in_both_languages(client, lead, language):
    from tests.support.markup import markup_problems

    doc = document()
    waiting = comment(doc, status=Comment.Status.PENDING)
    comment(doc)
    client.cookies["django_language"] = language
    section = doc.sections.first()
    responses = [
        client.get("/consult/manage/"),
        client.get("/consult/manage/new/"),
        client.post("/consult/manage/new/", {}),
        client.get(f"/consult/manage/{doc.slug}/"),
        client.get(f"/consult/manage/{doc.slug}/sections/new/"),
        client.get(f"/consult/manage/{doc.slug}/sections/{section.pk}/"),
        client.get("/consult/moderation/"),
        client.post(f"/consult/moderation/{waiting.pk}/", {"action": "hide", "reason": ""}),
    ]
    for response in responses:
        assert response.status_code in (200, 400)
        assert markup_problems(response.content.decode()) == [], response.request["PATH_INFO"]
