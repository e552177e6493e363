"""The private manage link: see a registration, change its needs, cancel it, and the seat going
to the first person on the waiting list."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from events import services
from events.models import Event, Registration
from tests.events.helpers import confirmed, confirmed_batch, waitlisted, waitlisted_batch
from tests.factories import EventFactory, EventLanguageFactory
from tests.support.pages import render_next_visit

pytestmark = pytest.mark.django_db


def url(registration):
    return f"/events/manage/{registration.manage_token}/"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(registration, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(registration), data)

    return send


@pytest.fixture
def cancel(client, django_capture_on_commit_callbacks):
    """ "Yes, cancel my registration" on the page that asks "Are you sure?"."""

    def send(registration):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(registration) + "cancel/")

    return send


def test_the_page_shows_the_registration_and_is_never_stored(client):
    registration = confirmed(EventFactory(), name="Ana Pérez", email="ana@example.org")
    response = client.get(url(registration))
    html = response.content.decode()
    assert "Ana Pérez" in html and "ana@example.org" in html and "Confirmed" in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_online_link_is_shown_to_confirmed_registrants_only(client):
    event = EventFactory(
        format=Event.Format.ONLINE, online_url="https://meet.example.org/abc", capacity=1
    )
    seated = confirmed(event)
    waiting = waitlisted(event)
    assert "https://meet.example.org/abc" in client.get(url(seated)).content.decode()
    assert "https://meet.example.org/abc" not in client.get(url(waiting)).content.decode()
    assert (
        "https://meet.example.org/abc" not in client.get(event.get_absolute_url()).content.decode()
    )


def test_a_waiting_person_sees_their_place_in_line(client):
    event = EventFactory(capacity=1)
    confirmed(event)
    waitlisted(event)
    second = waitlisted(event)
    assert "You are number 2 on the waiting list." in client.get(url(second)).content.decode()


def test_needs_can_be_changed(post):
    event = EventFactory(childcare_offered=True)
    EventLanguageFactory(event=event, language="ht", interpretation=True)
    registration = confirmed(event)
    response = post(
        registration,
        action="needs",
        interpretation_language="ht",
        children_count="3",
        accessibility_needs="Large print",
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.interpretation_language == "ht"
    assert registration.children_count == 3
    assert registration.accessibility_needs == "Large print"
    assert registration.needs_transportation is False


def test_bad_needs_are_refused_next_to_the_field_and_nothing_changes(post):
    event = EventFactory(childcare_offered=True)
    registration = confirmed(event, children_count=1)
    response = post(registration, action="needs", children_count="99")
    assert response.status_code == 400
    assert 'id="id_children_count_error"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.children_count == 1


def test_needs_cannot_change_once_the_event_has_started(client, post):
    event = EventFactory(childcare_offered=True)
    registration = confirmed(event, children_count=1)
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=5)):
        response = post(registration, action="needs", children_count="2")
        assert response.status_code == 400
        assert 'name="children_count"' not in client.get(response.request["PATH_INFO"]).text
        # The service holds the rule too, whoever calls it.
        with pytest.raises(ValidationError) as refused:
            services.registration_update_needs(
                registration=registration,
                interpretation_language="",
                children_count=2,
                needs_transportation=False,
                accessibility_needs="",
            )
    assert refused.value.code == "started"
    registration.refresh_from_db()
    assert registration.children_count == 1


def test_cancelling_gives_the_seat_to_the_first_person_waiting_and_tells_them(cancel):
    event = EventFactory(capacity=1, title="Lynn session")
    leaving = confirmed(event, email="leaving@example.org")
    first = waitlisted(event, email="first@example.org")
    second = waitlisted(event, email="second@example.org", language="es")
    response = cancel(leaving)
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "leaving@example.org": "cancelled",
        "first@example.org": "confirmed",
        "second@example.org": "waitlisted",
    }
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        "leaving@example.org": "Registration cancelled: Lynn session",
        "first@example.org": "A seat is yours: Lynn session",
    }
    promoted = next(m for m in mail.outbox if m.to == ["first@example.org"])
    assert first.manage_token in promoted.body
    assert promoted.attachments[0][0] == "event.ics"
    assert services.waitlist_position(second) == 1


def test_cancelling_a_waiting_place_promotes_nobody(cancel):
    event = EventFactory(capacity=1)
    confirmed(event)
    leaving = waitlisted(event)
    behind = waitlisted(event)
    cancel(leaving)
    behind.refresh_from_db()
    assert behind.status == Registration.Status.WAITLISTED


def test_a_cancelled_registration_cannot_be_cancelled_again_or_promote_twice(client, cancel):
    event = EventFactory(capacity=1)
    leaving = confirmed(event)
    waitlisted(event)
    third = waitlisted(event)
    cancel(leaving)
    mail.outbox.clear()
    again = cancel(leaving)
    assert again.status_code == 302
    third.refresh_from_db()
    assert third.status == Registration.Status.WAITLISTED
    assert mail.outbox == []
    assert "This registration is cancelled." in client.get(url(leaving)).content.decode()


def test_a_link_acts_only_on_its_own_registration(client, cancel):
    event = EventFactory()
    mine = confirmed(event)
    other = confirmed(event)
    cancel(mine)
    other.refresh_from_db()
    assert other.status == Registration.Status.CONFIRMED
    assert client.get(f"/events/manage/{mine.manage_token[:-1]}x/").status_code == 404
    assert client.get("/events/manage/" + "A" * 43 + "/").status_code == 404


def test_links_of_anonymized_registrations_stop_working(client):
    registration = confirmed(EventFactory())
    token = registration.manage_token
    services.registrations_anonymize(registrations=[registration])
    assert client.get(f"/events/manage/{token}/").status_code == 404


def test_tokens_are_long_and_different(db):
    event = EventFactory(capacity=None)
    tokens = {confirmed(event).manage_token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)


def test_signed_in_people_find_their_registration_on_the_event_page_and_under_their_account(
    client,
):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    event = EventFactory(format=Event.Format.HYBRID, online_url="https://meet.example.org/x")
    registration = confirmed(event, email="ana@example.org")
    client.force_login(user)
    page = client.get(event.get_absolute_url())
    assert "You are registered." in page.content.decode()
    assert "https://meet.example.org/x" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert url(registration) in client.get("/me/").content.decode()


@pytest.mark.parametrize("page", ["register", "manage", "detail_signed_in"])
def test_query_counts_do_not_grow_with_registrations_or_languages(client, page):
    from allauth.account.models import EmailAddress
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    user = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    # Full once the larger data is in, so that the last ten wait.
    event = EventFactory(capacity=34, childcare_offered=True)
    mine = confirmed(event, email=user.email)
    urls = {
        "register": f"/events/{event.slug}/register/",
        "manage": url(mine),
        "detail_signed_in": event.get_absolute_url(),
    }

    def count():
        client.get(urls[page])  # the first reads the person's roles into the cache
        render_next_visit()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(urls[page]).status_code == 200
        return len(queries)

    EventLanguageFactory(event=event, language="es", interpretation=True)
    confirmed_batch(3, event)
    small = count()
    for language in ("pt", "ht", "vi", "km", "zh"):
        EventLanguageFactory(event=event, language=language, interpretation=True)
    confirmed_batch(30, event)
    waitlisted_batch(10, event)
    assert count() == small
