"""Registering for an event through the form: seats, the waiting list, needs, duplicates,
bots, rate limits and the emails each step sends."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Event, Registration
from tests.events.helpers import cancelled, confirmed
from tests.factories import EventFactory, EventLanguageFactory, UserFactory

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "",
        "language": "en",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def post(event, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/events/{event.slug}/register/", form(**overrides))

    return post


def manage_link(message) -> str:
    return re.search(r"https?://[^\s]+/events/manage/[^\s/]+/", message.body).group(0)


def test_the_form_asks_only_for_the_needs_the_event_can_meet(client):
    plain = EventFactory(childcare_offered=False)
    html = client.get(f"/events/{plain.slug}/register/").content.decode()
    assert 'name="children_count"' not in html
    assert 'name="interpretation_language"' not in html
    assert 'name="needs_transportation"' in html
    assert "Privacy notice" in html

    offered = EventFactory(childcare_offered=True)
    EventLanguageFactory(event=offered, language="es", interpretation=True)
    EventLanguageFactory(event=offered, language="pt", interpretation=True)
    html = client.get(f"/events/{offered.slug}/register/").content.decode()
    assert 'name="children_count"' in html
    assert '<option value="es">Spanish</option>' in html
    assert '<option value="pt">Portuguese</option>' in html


def test_signed_in_people_find_the_form_filled_in(client):
    user = UserFactory(name="Rosa Delgado", email="rosa@example.org", preferred_language="es")
    client.force_login(user)
    event = EventFactory()
    html = client.get(f"/events/{event.slug}/register/").content.decode()
    assert 'value="Rosa Delgado"' in html
    assert 'value="rosa@example.org"' in html


def test_registering_confirms_a_seat_emails_the_calendar_file_and_the_manage_link(client, register):
    event = EventFactory(title="Listening session in Lynn", capacity=5, childcare_offered=True)
    EventLanguageFactory(event=event, language="es", interpretation=True)
    response = register(
        event,
        interpretation_language="es",
        children_count="2",
        needs_transportation="on",
        accessibility_needs="Step-free route, please.",
        phone="781-555-0100",
    )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/manage/{registration.manage_token}/"
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.interpretation_language, registration.children_count) == ("es", 2)
    assert registration.needs_transportation and registration.consented_at is not None
    assert registration.accessibility_needs == "Step-free route, please."

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "You are registered: Listening session in Lynn"
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert str(vevent["summary"]) == "Listening session in Lynn"
    assert str(vevent["uid"]).startswith(f"event-{event.pk}@")
    followed = client.get(response["Location"]).content.decode()
    assert "You are registered. We have emailed you." in followed
    # The link in the email opens this registration.
    page = client.get(urlsplit(manage_link(message)).path)
    assert page.status_code == 200
    assert "Ana Pérez" in page.content.decode()


def test_emails_speak_the_registrants_language(register):
    event = EventFactory(title="Sesión de escucha en Lynn")
    register(event, language="es")
    [message] = mail.outbox
    assert message.subject == "Está inscrito/a: Sesión de escucha en Lynn"
    assert "Hola, Ana Pérez:" in message.body
    assert "Su lugar está confirmado." in message.body


def test_the_last_seat_is_confirmed_and_the_next_person_waits_with_their_position(register):
    event = EventFactory(capacity=2)
    confirmed(event)
    register(event, email="last-seat@example.org")
    register(event, email="first-waiting@example.org")
    register(event, email="second-waiting@example.org")
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["last-seat@example.org"] == "confirmed"
    assert statuses["first-waiting@example.org"] == "waitlisted"
    second = Registration.objects.get(email="second-waiting@example.org")
    assert services.waitlist_position(second) == 2
    waitlisted = [m for m in mail.outbox if m.to == ["second-waiting@example.org"]]
    assert waitlisted[0].subject.startswith("You are on the waiting list")
    assert "number 2" in waitlisted[0].body


def test_a_full_event_without_a_waiting_list_is_closed(client, register):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    confirmed(event)
    page = client.get(f"/events/{event.slug}/register/").content.decode()
    assert "Registration for this event is closed." in page
    response = register(event)
    assert response.status_code == 409
    assert Registration.objects.count() == 1
    assert mail.outbox == []


def test_a_post_is_checked_against_the_event_as_it_is_after_an_edit(register):
    """A post reads a copy of the event kept since its last edit: an edit renews it."""
    event = EventFactory(capacity=None)
    EventLanguageFactory(event=event, language="es", interpretation=True)
    EventLanguageFactory(event=event, language="pt", interpretation=True)
    response = register(event, email="first@example.org", interpretation_language="pt")
    assert response.status_code == 302
    event.languages.filter(language="pt").delete()
    response = register(event, email="second@example.org", interpretation_language="pt")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    event.status = Event.Status.CANCELLED
    event.save()
    assert register(event, email="third@example.org").status_code == 409
    assert sorted(Registration.objects.values_list("email", flat=True)) == ["first@example.org"]


def test_seats_are_decided_on_the_event_row_never_on_the_copy_a_post_reads(register):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    # The copy is kept while the seat is free; the row, full after this post, refuses the next.
    assert register(event, email="seat@example.org").status_code == 302
    response = register(event, email="too-late@example.org")
    assert response.status_code == 409
    assert "Registration for this event is closed." in response.content.decode()
    assert "1 seat left" not in response.content.decode()
    # An edit while the event is full: the copy kept next says closed. The seat freed, the post
    # reads the row again and takes it.
    event.refresh_from_db()
    event.venue = "Lynn Public Library"
    event.save()
    assert register(event, email="still-full@example.org").status_code == 409
    services.registration_cancel(registration=Registration.objects.get(email="seat@example.org"))
    assert register(event, email="seat-freed@example.org").status_code == 302
    assert dict(Registration.objects.values_list("email", "status")) == {
        "seat@example.org": "cancelled",
        "seat-freed@example.org": "confirmed",
    }
    event.refresh_from_db()
    assert event.seats_taken == 1


@pytest.mark.parametrize(
    "fields, starts_in, code",
    [
        ({"capacity": 1, "waitlist_enabled": False}, dt.timedelta(days=3), "full"),
        ({"status": Event.Status.CANCELLED}, dt.timedelta(days=3), "closed"),
        ({}, -dt.timedelta(minutes=5), "closed"),
    ],
)
def test_the_service_refuses_with_the_words_of_the_page_whatever_closed_it(
    client, fields, starts_in, code
):
    event = EventFactory(starts_at=timezone.now() + starts_in, **fields)
    if code == "full":
        confirmed(event)
        event.refresh_from_db()  # its seat counter, as any page reads it
    assert not services.registration_is_open(event)
    page = client.get(f"/events/{event.slug}/register/").content.decode()
    assert "Registration for this event is closed." in page
    with pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, name="Ana Pérez", email="ana@example.org", language="en"
        )
    assert (refused.value.messages, refused.value.code) == (
        ["Registration for this event is closed."],
        code,
    )


def test_no_capacity_means_every_registration_is_confirmed(register):
    event = EventFactory(capacity=None)
    for i in range(5):
        register(event, email=f"person{i}@example.org")
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}


@pytest.mark.parametrize(
    "status, starts_in",
    [
        (Event.Status.CANCELLED, dt.timedelta(days=3)),
        (Event.Status.PUBLISHED, -dt.timedelta(hours=1)),
    ],
)
def test_cancelled_and_started_events_take_no_registrations(register, status, starts_in):
    event = EventFactory(status=status, starts_at=timezone.now() + starts_in)
    response = register(event)
    assert response.status_code == 409
    assert not Registration.objects.exists()


def test_a_draft_event_has_no_registration_page(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(f"/events/{event.slug}/register/").status_code == 404


def test_the_same_email_twice_is_told_so_and_sent_its_link(register):
    event = EventFactory()
    register(event)
    mail.outbox.clear()
    response = register(event, email="ANA@example.org", name="Someone else")
    assert response.status_code == 400
    assert "already registered for this event" in response.content.decode()
    assert Registration.objects.count() == 1
    [message] = mail.outbox
    original = Registration.objects.get()
    assert message.to == ["ana@example.org"]
    assert original.manage_token in message.body
    # The page never shows the existing registration's details.
    assert original.manage_token not in response.content.decode()


def test_a_cancelled_registration_does_not_block_registering_again(register):
    event = EventFactory()
    cancelled(event, email="ana@example.org")
    assert register(event).status_code == 302
    assert event.registrations.filter(status="confirmed").count() == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"consent": ""}, "consent", "Please agree to the privacy notice to register."),
        ({"children_count": "-1"}, "children_count", "greater than or equal to 0"),
        ({"interpretation_language": "km"}, "interpretation_language", "Select a valid choice"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(
    register, overrides, field, message
):
    event = EventFactory(childcare_offered=True)
    EventLanguageFactory(event=event, language="es", interpretation=True)
    response = register(event, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors.group(1)
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_stores_nothing_and_says_nothing_different(register):
    event = EventFactory()
    response = register(event, website="http://spam.example")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_one_address_cannot_be_registered_over_and_over(register):
    event = EventFactory(capacity=None)
    answers = [register(event, email="same@example.org").status_code for _ in range(6)]
    # One registration, four refusals as a duplicate, then the limit of five tries an hour.
    assert answers == [302, 400, 400, 400, 400, 429]


def test_many_addresses_from_one_place_are_limited(register):
    event = EventFactory(capacity=None)
    answers = [register(event, email=f"p{i}@example.org").status_code for i in range(31)]
    assert answers[:30] == [302] * 30
    assert answers[30] == 429
    assert Registration.objects.count() == 30


def test_registering_while_signed_in_links_the_registration_to_the_account(client, register):
    user = UserFactory(email="ana@example.org")
    client.force_login(user)
    event = EventFactory()
    register(event)
    assert Registration.objects.get().user == user


def test_the_event_page_offers_registration_only_before_the_start(client):
    upcoming = EventFactory()
    started = EventFactory(
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert (
        f"/events/{upcoming.slug}/register/"
        in client.get(upcoming.get_absolute_url()).content.decode()
    )
    assert (
        f"/events/{started.slug}/register/"
        not in client.get(started.get_absolute_url()).content.decode()
    )
