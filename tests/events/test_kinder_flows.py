"""Kinder flows around registration: cancelling asks "Are you sure?" on a page of its own (no
JavaScript); the confirmation repeats the needs the person gave ("none" when none); a signed-in
member's suggestions are theirs, with where each stands on /me/; the person's data (download,
deletion) covers the text reminder."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import LocationSuggestion, Registration
from tests.events.helpers import confirmed, waitlisted
from tests.factories import (
    DEFAULT_PASSWORD,
    CommunityFactory,
    EventFactory,
    EventLanguageFactory,
    UserFactory,
)
from tests.support.pages import render_next_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def cancel_url(registration) -> str:
    return f"/events/manage/{registration.manage_token}/cancel/"


# -- "Are you sure?" --


def test_the_manage_page_links_to_the_question_and_asking_changes_nothing(client):
    registration = confirmed(EventFactory(title="Lynn session"))
    manage = client.get(f"/events/manage/{registration.manage_token}/").content.decode()
    assert f'href="{cancel_url(registration)}"' in manage
    assert 'name="action" value="cancel"' not in manage

    response = client.get(cancel_url(registration))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>Cancel your registration?</h1>" in html
    assert "Are you sure? Your seat goes to the first person on the waiting list." in html
    assert f'<form method="post" action="{cancel_url(registration)}">' in html
    assert "Lynn session" in html and "<script" not in html
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert mail.outbox == []


def test_yes_cancels_and_leads_back_to_the_registration(client, sending):
    event = EventFactory(capacity=1)
    registration = confirmed(event, email="ana@example.org")
    waiting = waitlisted(event, email="next@example.org")
    with sending():
        response = client.post(cancel_url(registration))
    assert response.status_code == 302
    assert response["Location"] == f"/events/manage/{registration.manage_token}/"
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == ("cancelled", "confirmed")
    page = client.get(response["Location"]).content.decode()
    assert "Your registration is cancelled. We have emailed you." in page
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "next@example.org"]


def test_a_waiting_person_is_asked_about_their_place_in_line(client):
    event = EventFactory(capacity=1)
    confirmed(event)
    html = client.get(cancel_url(waitlisted(event))).content.decode()
    assert "Are you sure? You leave the waiting list." in html


def test_a_cancelled_registration_is_not_asked_again(client, sending):
    registration = confirmed(EventFactory())
    services.registration_cancel(registration=registration)
    mail.outbox.clear()
    for method in (client.get, client.post):
        response = method(cancel_url(registration))
        assert response.status_code == 302
    assert mail.outbox == []
    assert "This registration is already cancelled." in client.get(response["Location"]).text


def test_a_wrong_link_finds_nothing(client):
    assert client.get("/events/manage/not-a-token/cancel/").status_code == 404
    assert client.post("/events/manage/not-a-token/cancel/").status_code == 404


def test_the_manage_page_no_longer_cancels_by_itself(client):
    registration = confirmed(EventFactory())
    response = client.post(f"/events/manage/{registration.manage_token}/", {"action": "cancel"})
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# -- the needs, repeated --


def test_the_confirmation_repeats_the_needs_given(sending):
    event = EventFactory(childcare_offered=True)
    EventLanguageFactory(event=event, language="pt", interpretation=True)
    with sending():
        confirmed(
            event,
            interpretation_language="pt",
            children_count=2,
            needs_transportation=True,
            accessibility_needs="Step-free <entrance> & a quiet room",
        )
    [message] = mail.outbox
    assert "What you told us you need:\n" in message.body
    assert "- Interpretation into Portuguese\n" in message.body
    assert "- Childcare for 2 children\n" in message.body
    assert "- Help with transportation\n" in message.body
    assert "- Accessibility accommodations: Step-free <entrance> & a quiet room\n" in message.body


def test_the_confirmation_says_none_plainly(sending):
    with sending():
        confirmed(EventFactory())
    [message] = mail.outbox
    assert "What you told us you need: none." in message.body


def test_the_waiting_list_email_repeats_them_too(sending):
    event = EventFactory(capacity=1, childcare_offered=True)
    confirmed(event)
    mail.outbox.clear()
    with sending():
        waitlisted(event, children_count=1)
    [message] = mail.outbox
    assert "- Childcare for 1 child\n" in message.body


def test_the_needs_are_in_the_persons_language(sending):
    event = EventFactory(childcare_offered=True)
    EventLanguageFactory(event=event, language="pt", interpretation=True)
    with sending():
        confirmed(event, language="es", interpretation_language="pt")
    [message] = mail.outbox
    assert "Portugués" in message.body  # the language's name, from Django's catalogue


# -- suggestions on /me/ --


def suggest(client, place):
    return client.post(
        "/events/suggest/",
        {"place": place, "community": "Lynn", "reason": "Near the bus.", "website": ""},
    )


def test_a_signed_in_members_suggestion_is_theirs_and_shown_with_its_status(client):
    member = UserFactory(email="member@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    client.force_login(member)
    response = suggest(client, "Lynn <b>Public</b> Library")
    assert response.status_code == 200
    assert "See where your suggestions stand on your account page" in response.text
    suggestion = LocationSuggestion.objects.get()
    assert suggestion.submitted_by == member
    suggestion.status = LocationSuggestion.Status.CONSIDERING
    suggestion.save()
    client.logout()
    suggest(client, "Someone else's place")
    assert LocationSuggestion.objects.get(place="Someone else's place").submitted_by is None

    client.force_login(member)
    html = client.get("/me/").text
    section = html[html.index('id="me-suggestions"') :]
    assert "Lynn &lt;b&gt;Public&lt;/b&gt; Library, Lynn" in section
    assert "Considering" in section
    assert "Someone else" not in html


def test_me_without_suggestions_invites_one(client):
    member = UserFactory()
    client.force_login(member)
    html = client.get("/me/").text
    assert "You have not suggested a place yet." in html


def test_me_reads_the_same_queries_for_2_and_30_suggestions(client):
    member = UserFactory()
    client.force_login(member)
    event = EventFactory()
    lynn = CommunityFactory(name="Lynn", slug="lynn")

    def add(n):
        for number in range(n):
            LocationSuggestion.objects.create(
                place=f"Place {number}",
                community=lynn,
                reason="Near",
                submitted_by=member,
                event=event,
                status=LocationSuggestion.Status.SCHEDULED,
            )

    def count():
        client.get("/me/")
        render_next_visit()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/me/").status_code == 200
        return len(queries.captured_queries)

    add(2)
    small = count()
    add(28)
    assert count() == small


# -- the person's data --


def test_download_and_deletion_cover_the_text_reminder(client):
    member = UserFactory(email="rosa@example.org")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    registration = confirmed(
        EventFactory(),
        email=member.email,
        phone="617-555-0123",
        text_reminder=True,
        user=member,
    )
    client.force_login(member)
    data = json.loads(client.post("/me/data/").content)
    [mine] = data["registrations"]
    assert mine["phone"] == "617-555-0123"
    assert mine["agreed_to_a_text_reminder"] is not None
    assert mine["text_reminder_sent"] is None

    client.post("/me/delete/", {"password": DEFAULT_PASSWORD})
    registration.refresh_from_db()
    assert (registration.phone, registration.text_reminder_consented_at) == ("", None)
