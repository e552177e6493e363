"""The 429 page says what was paused (registering for an event, suggesting a place, signing in,
a password or code asked again, a password reset), what to do meanwhile, and when the limit lets
the next try through, also as Retry-After."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import EventFactory, UserFactory, verified_user

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def limit(settings, **rates):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, **rates}


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_registering_too_often_is_paused_with_the_event_and_the_time_to_come_back(
    client, settings, noon
):
    limit(settings, event_register="30/h/ip,2/h/key")
    event = EventFactory(title="Family listening session in Lynn", capacity=None)
    data = {"name": "Ana", "email": "ana@example.org", "language": "en", "consent": "on"}
    answers = [client.post(f"/events/{event.slug}/register/", data) for _ in range(2)]
    noon.shift(dt.timedelta(minutes=20))

    response = client.post(f"/events/{event.slug}/register/", data)

    assert [answer.status_code for answer in answers] == [302, 400]
    assert response.status_code == 429
    # The first try, at noon, leaves the hour's window at one.
    assert response["Retry-After"] == str(40 * 60)
    text = main_text(response)
    assert text.startswith("Please wait before registering again")
    assert "registrations from here or for this email address are paused" in text
    assert "You can try again at 1 p.m., in 40 minutes." in text
    assert "the email we sent you has a link to see or change your registration" in text
    html = response.content.decode()
    assert f'<a href="/events/{event.slug}/">Back to Family listening session in Lynn</a>' in html
    assert "<title>Please wait before registering again ·" in html


def test_suggesting_too_often_is_paused_and_what_was_sent_is_kept(client, settings, noon):
    limit(settings, event_suggest="2/h/ip")
    suggestion = {"place": "Holyoke Public Library", "community": "Holyoke", "reason": "Buses."}
    for _ in range(2):
        assert client.post("/events/suggest/", suggestion).status_code == 200

    response = client.post("/events/suggest/", suggestion)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    text = main_text(response)
    assert text.startswith("Please wait before suggesting another place")
    assert "The suggestions already sent are saved." in text
    assert "You can try again at 1 p.m., in 60 minutes." in text
    assert '<a href="/events/">Upcoming listening sessions and events</a>' in (
        response.content.decode()
    )


def test_signing_in_too_often_is_paused_and_a_code_by_email_is_offered(client, settings, noon):
    limit(settings, login="3/m/ip")
    for _ in range(3):
        client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})

    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    text = main_text(response)
    assert text.startswith("Too many sign-in attempts")
    assert "signing in from here is paused for a while" in text
    assert "You can try again at 12:01 p.m., in 1 minute." in text
    assert '<a href="/accounts/login/code/">Sign in with a code</a>' in response.content.decode()


def test_asking_for_password_resets_too_often_points_to_the_email_already_sent(
    client, settings, noon
):
    limit(settings, reset_password="20/m/ip,2/m/key")
    verified_user("someone@example.org")
    for _ in range(2):
        response = client.post("/accounts/password/reset/", {"email": "someone@example.org"})
        assert response.status_code == 302

    response = client.post("/accounts/password/reset/", {"email": "someone@example.org"})

    assert response.status_code == 429
    text = main_text(response)
    assert text.startswith("Too many password reset requests")
    assert "Check your email, and its spam folder, for the link we already sent." in text
    # Counted by the address, which the page is not told: the whole minute's window.
    assert "You can try again at 12:01 p.m., in 1 minute." in text


def test_a_password_asked_again_too_often_is_paused_and_nothing_changed(client, settings, noon):
    limit(settings, reauthenticate="2/m/user")
    user = verified_user("ana@example.org")
    client.force_login(user)
    for _ in range(2):
        assert client.post("/accounts/reauthenticate/", {"password": "guess"}).status_code == 200

    response = client.post("/accounts/reauthenticate/", {"password": "guess"})

    assert response.status_code == 429
    text = main_text(response)
    assert text.startswith("Too many tries")
    assert "entering your password or authenticator code is paused" in text
    assert "Nothing was changed." in text
    assert "You can try again at 12:01 p.m., in 1 minute." in text
    assert '<a href="/me/">Back to my account</a>' in response.content.decode()


def test_anything_else_gets_the_general_page_with_its_time(client, settings, noon):
    limit(settings, signup="1/m/ip")
    data = {"email": "new@example.org", "password1": "a long pass phrase 1", "password2": ""}
    client.post("/accounts/signup/", data)

    response = client.post("/accounts/signup/", data)

    assert response.status_code == 429
    text = main_text(response)
    assert text.startswith("Too many attempts")
    assert "For your safety we have paused this for a few minutes." in text
    assert "You can try again at 12:01 p.m., in 1 minute." in text


def test_the_page_is_in_the_site_layout_and_sound(client, settings, noon):
    from tests.support.markup import markup_problems

    limit(settings, reauthenticate="1/m/user")
    client.force_login(UserFactory())
    client.post("/me/delete/", {"password": "guess"})

    response = client.post("/me/delete/", {"password": "guess"})

    assert response.status_code == 429
    assert markup_problems(response.content.decode()) == []
    assert main_text(response).startswith("Too many tries")
