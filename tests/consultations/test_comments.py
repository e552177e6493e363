"""The public side: the list of drafts, a document with its sections and approved comments,
commenting (confirmed by email), and each bad input the issue names."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Comment
from tests.consultations.helpers import comment, confirm_link, document
from tests.factories import UserFactory
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "language": "en",
        "section": "",
        "text": "Please hold a session in Lynn about this part.",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post_comment(client, django_capture_on_commit_callbacks):
    def post(doc, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(doc.get_absolute_url(), form(**overrides))

    return post


def test_the_list_shows_open_and_closed_documents_not_drafts(client):
    open_doc = document(title="The open agenda")
    closed = document(title="The closed agenda", opens_in_days=-40, closes_in_days=-10)
    document(title="The hidden draft", opens_in_days=None)

    page = client.get("/consult/").content.decode()

    assert markup_problems(page) == []
    assert "The open agenda" in page and "The closed agenda" in page
    assert "The hidden draft" not in page
    assert page.index("The open agenda") < page.index("The closed agenda")
    assert "Open for comment" in page and "Closed for comment" in page
    assert open_doc.get_absolute_url() in page and closed.get_absolute_url() in page


def test_a_document_shows_its_sections_with_approved_comments_and_a_count_each(client):
    doc = document(sections=2)
    first, second = doc.sections.order_by("position")
    comment(doc, section=first, text="First approved")
    comment(doc, section=first, text="Second approved")
    comment(doc, section=first, text="Still waiting", status=Comment.Status.PENDING)
    comment(doc, section=first, text="Never confirmed", status=Comment.Status.UNCONFIRMED)
    comment(doc, section=first, text="Hidden one", status=Comment.Status.HIDDEN)
    comment(doc, section=second, text="Sobre la segunda parte", language="es")
    comment(doc, text="On everything")

    page = client.get(doc.get_absolute_url()).content.decode()

    assert markup_problems(page) == []
    assert "First approved" in page and "Second approved" in page
    for text in ("Still waiting", "Never confirmed", "Hidden one"):
        assert text not in page
    assert "2 comments" in page and "1 comment<" in page
    part_one, part_two = page.index("Part 1"), page.index("Part 2")
    assert part_one < page.index("First approved") < part_two < page.index("Sobre la segunda")
    assert '<li class="comment" lang="es">' in page
    assert page.index("Comments on the whole document") < page.index("On everything")
    assert 'name="text"' in page  # open: the form is there


def test_a_spanish_reader_sees_the_spanish_texts(client):
    doc = document()
    page = client.get(doc.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert doc.title_es in page and "Parte 1" in page


def test_a_draft_is_404_to_the_public(client):
    draft = document(opens_in_days=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_commenting_stores_it_unconfirmed_and_emails_the_link_in_the_commenters_language(
    client, post_comment
):
    doc = document()
    section = doc.sections.first()

    response = post_comment(doc, section=str(section.pk), language="es")

    assert response.status_code == 200
    assert "Check your email to confirm your comment" in response.content.decode()
    stored = Comment.objects.get()
    assert stored.status == Comment.Status.UNCONFIRMED
    assert stored.section == section and stored.language == "es"
    assert stored.user is None
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    # In Spanish: the document's Spanish title (the words come from the catalogue).
    assert doc.title_es in message.subject and doc.title_es in message.body
    assert "/consult/confirm/" in message.body
    assert "Please hold a session in Lynn" in message.body


def test_confirming_puts_the_comment_in_the_leads_queue_not_on_the_page(client, post_comment):
    doc = document()
    post_comment(doc)
    link = confirm_link(mail.outbox[0])

    page = client.get(link)  # a link checker opening it confirms nothing
    assert page.status_code == 200
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED
    assert "Confirm my comment" in page.content.decode()

    response = client.post(link)

    assert response.status_code == 200
    assert "Your comment is confirmed" in response.content.decode()
    stored = Comment.objects.get()
    assert stored.status == Comment.Status.PENDING and stored.confirmed_at is not None
    assert "Please hold a session" not in client.get(doc.get_absolute_url()).content.decode()
    # Twice changes nothing.
    assert client.post(link).status_code == 200
    assert Comment.objects.get().confirmed_at == stored.confirmed_at


def test_an_expired_link_says_so_and_confirms_nothing(client, post_comment):
    doc = document()
    post_comment(doc)
    link = confirm_link(mail.outbox[0])

    with time_machine.travel(timezone.now() + Comment.CONFIRM_MAX_AGE + dt.timedelta(hours=1)):
        response = client.post(link)
        shown = client.get(link)

    assert response.status_code == 410 and shown.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED


def test_an_unknown_link_is_404(client):
    assert client.get("/consult/confirm/not-a-token/").status_code == 404
    assert client.post("/consult/confirm/not-a-token/").status_code == 404


@pytest.mark.parametrize(
    "timing",
    [{"opens_in_days": -40, "closes_in_days": -10}, {"opens_in_days": 5, "closes_in_days": 30}],
    ids=["closed", "not yet open"],
)
def test_a_closed_or_unopened_document_has_no_form_and_refuses_a_post(client, post_comment, timing):
    doc = document(**timing)

    page = client.get(doc.get_absolute_url()).content.decode()
    assert 'name="text"' not in page

    response = post_comment(doc)

    assert response.status_code == 409
    text = response.content.decode()
    assert "closed" in text or "not open for comment yet" in text
    assert 'role="alert"' in text
    assert Comment.objects.count() == 0 and mail.outbox == []


def test_oversized_and_html_text_are_refused_next_to_the_field(client, post_comment):
    doc = document()

    too_long = post_comment(doc, text="x" * 2001)
    markup = post_comment(doc, text='Nice <script>alert("x")</script>')

    for response in (too_long, markup):
        assert response.status_code == 400
        assert 'id="id_text_error"' in response.content.decode()
    assert "at most 2000 characters" in too_long.content.decode()
    assert "Write plain text only" in markup.content.decode()
    assert Comment.objects.count() == 0 and mail.outbox == []


def test_stored_text_is_shown_escaped(client):
    doc = document()
    comment(doc, text="Fish & chips > pizza", name="<Ana>")
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "Fish &amp; chips &gt; pizza" in page and "&lt;Ana&gt;" in page


def test_a_section_of_another_document_is_refused(client, post_comment):
    doc, other = document(), document()
    response = post_comment(doc, section=str(other.sections.first().pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_the_honeypot_stores_nothing_and_says_nothing_different(client, post_comment):
    doc = document()
    response = post_comment(doc, website="http://spam.example")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert Comment.objects.count() == 0 and mail.outbox == []


def test_comments_are_rate_limited_like_registrations(client, post_comment, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "consult_comment": "2/h/key"}
    doc = document()
    for _ in range(2):
        assert post_comment(doc).status_code == 200
    refused = post_comment(doc)
    assert refused.status_code == 429
    assert "comments from here or from this email address are paused" in refused.content.decode()
    assert Comment.objects.count() == 2


def test_a_signed_in_member_s_comment_is_tied_to_them(client, post_comment):
    member = UserFactory(name="Marta", email="marta@example.org")
    client.force_login(member)
    doc = document()
    assert 'value="marta@example.org"' in client.get(doc.get_absolute_url()).content.decode()
    post_comment(doc, email="marta@example.org", name="Marta")
    assert Comment.objects.get().user == member


def test_the_initiative_page_links_to_its_open_document(client):
    from tests.factories import InitiativeFactory

    initiative = InitiativeFactory()
    doc = document(initiative=initiative, title="Our draft policy agenda")
    document(initiative=initiative, title="An old one", opens_in_days=-40, closes_in_days=-10)

    page = client.get(initiative.get_absolute_url()).content.decode()

    assert "Open for your comment" in page
    assert doc.get_absolute_url() in page and "An old one" not in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_pages_run_the_same_queries_whatever_the_amount_of_data(client):
    doc = document(sections=2)
    comment(doc, section=doc.sections.first())
    small = [count_queries(client, url) for url in ("/consult/", doc.get_absolute_url())]
    for _ in range(6):
        other = document(sections=3)
        comment(other)
    for section in doc.sections.all():
        for _ in range(4):
            comment(doc, section=section)
            comment(doc)
    doc.sections.create(position=9, heading_en="Another part")
    big = [count_queries(client, url) for url in ("/consult/", doc.get_absolute_url())]
    assert big == small
    # The document's page: the document, its sections with their comments, the comments on
    # the whole document.
    assert small[1] == 4
