"""A text-message reminder the day before, for those who ask on registering with a phone number:
the checkbox and its consent, the phone checked next to its field, the reminder sent once by
the reminder scan (after the email reminders), never to a waiting or cancelled person, retried
when the provider fails without holding up the email; and the pluggable backend
(coalition.sms)."""

import datetime as dt
import io
import json
import re
import urllib.error
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from coalition import sms
from events import services, tasks
from events.models import Registration
from tests.events.helpers import confirmed, waitlisted
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SESSION = dt.datetime(2031, 3, 20, 18, 0, tzinfo=NEW_YORK)
WEEK_BEFORE = SESSION - dt.timedelta(days=7)


def form(**overrides):
    return {
        "name": "Ana Pérez",
        "email": "ana@example.org",
        "phone": "",
        "language": "en",
        "accessibility_needs": "",
        "consent": "on",
        "website": "",
        **overrides,
    }


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def post(event, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/events/{event.slug}/register/", form(**overrides))

    return post


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run_reminders_at(moment, sending):
    with time_machine.travel(moment, tick=False), sending():
        return tasks.send_reminders.delay().get()


def session(**fields):
    with time_machine.travel(WEEK_BEFORE, tick=False):
        return EventFactory(
            title="Listening session in Lynn",
            starts_at=SESSION,
            ends_at=SESSION + dt.timedelta(hours=2),
            **fields,
        )


def asking(event, **fields):
    """A confirmed registration that asked for a text, a week before the session."""
    with time_machine.travel(WEEK_BEFORE, tick=False):
        return confirmed(event, **{"phone": "617-555-0123", "text_reminder": True, **fields})


def field_errors(html: str, field: str) -> str:
    found = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


# -- asking for it --


def test_the_form_offers_the_text_reminder_and_stores_the_consent(client, register):
    event = session()
    html = client.get(f"/events/{event.slug}/register/").content.decode()
    assert "Text me a reminder the day before" in html
    assert 'name="text_reminder"' in html
    with time_machine.travel(WEEK_BEFORE, tick=False):
        response = register(event, phone="(617) 555-0123", text_reminder="on")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.phone == "(617) 555-0123"
    assert registration.text_reminder_consented_at == WEEK_BEFORE
    assert registration.text_reminder_sent_at is None


def test_no_tick_no_consent(register):
    event = session()
    register(event, phone="617-555-0123")
    assert Registration.objects.get().text_reminder_consented_at is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "", "text_reminder": "on"}, "text_reminder", "Give a phone number above"),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number that can receive text"),
        ({"phone": "555-0123"}, "phone", "Enter a phone number that can receive text"),
        ({"phone": "+0 123 456 789"}, "phone", "Enter a phone number that can receive text"),
        ({"phone": "<b>617</b>", "text_reminder": "on"}, "phone", "Enter a phone number"),
    ],
)
def test_a_bad_phone_or_consent_without_one_is_shown_next_to_its_field(
    register, overrides, field, message
):
    event = session()
    response = register(event, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in field_errors(html, field)
    assert "<b>617</b>" not in html
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_the_same_bad_input_next_to_the_same_fields():
    event = session()
    with pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, name="Ana", email="a@example.org", language="en", text_reminder=True
        )
    assert "text_reminder" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.registration_create(
            event=event, name="Ana", email="a@example.org", language="en", phone="12"
        )
    assert "phone" in refused.value.message_dict
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("617-555-0123", "+16175550123"),
        ("(413) 555.0100", "+14135550100"),
        ("1 781 555 0100", "+17815550100"),
        ("+351 912 345 678", "+351912345678"),
    ],
)
def test_phone_numbers_are_read_as_e164(typed, e164):
    assert sms.phone_e164(typed) == e164


# -- the reminder --


def test_the_text_goes_the_day_before_once_in_the_persons_language(sending):
    event = session(title_es="Sesión de escucha en Lynn")
    person = asking(event, language="es")
    run_reminders_at(SESSION - dt.timedelta(hours=25), sending)
    assert sms.outbox == []
    run_reminders_at(SESSION - dt.timedelta(hours=23), sending)
    [text] = sms.outbox
    assert text.to == "+16175550123"
    # The title and the date in Spanish (the words around them: the Spanish catalogue).
    assert "Sesión de escucha en Lynn, 20 de marzo de 2031, 6:00 p. m.\n" in text.body
    assert f"/events/manage/{person.manage_token}/" in text.body
    assert len(text.body) < 320  # two SMS segments at most
    person.refresh_from_db()
    assert person.text_reminder_sent_at == SESSION - dt.timedelta(hours=23)
    # The scan runs every few minutes: the text goes once.
    run_reminders_at(SESSION - dt.timedelta(hours=22), sending)
    run_reminders_at(SESSION - dt.timedelta(hours=2), sending)
    assert len(sms.outbox) == 1


def test_the_text_is_in_english_with_the_date_alone_when_the_hours_are_not_stated(sending):
    event = session(hours_stated=False)
    asking(event)
    run_reminders_at(SESSION - dt.timedelta(hours=23), sending)
    [text] = sms.outbox
    assert text.body.startswith("Reminder: Listening session in Lynn, March 20, 2031\n")
    assert "p.m." not in text.body


def test_never_to_the_waiting_the_cancelled_those_who_did_not_ask_or_a_cancelled_event(
    sending,
):
    event = session(capacity=1)
    asking(event)
    with time_machine.travel(WEEK_BEFORE, tick=False):
        waiting = waitlisted(event, phone="617-555-0124", text_reminder=True)
        leaving = confirmed(session(), phone="617-555-0125", text_reminder=True)
        services.registration_cancel(registration=leaving)
        confirmed(session(), phone="617-555-0126")  # did not ask
        called_off = session()
        confirmed(called_off, phone="617-555-0127", text_reminder=True)
        services.event_cancel(actor=None, event=called_off, reason="Snow")
    run_reminders_at(SESSION - dt.timedelta(hours=23), sending)
    assert [text.to for text in sms.outbox] == ["+16175550123"]
    waiting.refresh_from_db()
    assert waiting.text_reminder_sent_at is None


def test_no_text_for_a_registration_made_after_the_day_before(sending):
    event = session()
    with time_machine.travel(SESSION - dt.timedelta(hours=10), tick=False):
        confirmed(event, phone="617-555-0123", text_reminder=True)
    run_reminders_at(SESSION - dt.timedelta(hours=9), sending)
    assert sms.outbox == []


class Broken(sms.BaseBackend):
    def send_messages(self, messages):
        raise sms.SmsError("the provider is down")


def test_a_failing_provider_never_holds_up_the_email_and_is_tried_again(sending, settings):
    event = session(reminder_hours=[24])
    person = asking(event)
    settings.SMS_BACKEND = f"{__name__}.Broken"
    run_reminders_at(SESSION - dt.timedelta(hours=23, minutes=55), sending)
    # The email reminder went; the text did not, and is due again.
    assert [m.subject for m in mail.outbox] == ["Reminder: Listening session in Lynn"]
    person.refresh_from_db()
    assert (person.text_reminder_sent_at, person.text_reminder_attempts) == (None, 1)
    assert person.text_reminder_sending_at is None

    settings.SMS_BACKEND = "coalition.sms.LocmemBackend"
    run_reminders_at(SESSION - dt.timedelta(hours=23, minutes=50), sending)
    assert len(sms.outbox) == 1
    assert len(mail.outbox) == 1  # the email reminder is not sent twice
    person.refresh_from_db()
    assert person.text_reminder_sent_at is not None


def test_tries_stop_after_the_last_attempt(sending, settings):
    event = session()
    person = asking(event)
    settings.SMS_BACKEND = f"{__name__}.Broken"
    settings.SMS_REMINDER_MAX_ATTEMPTS = 2
    for minutes in (0, 5, 10, 15):
        run_reminders_at(SESSION - dt.timedelta(hours=23, minutes=-minutes), sending)
    person.refresh_from_db()
    assert person.text_reminder_attempts == 2


def test_a_text_claimed_by_a_runner_that_died_is_not_sent_again(sending):
    event = session()
    person = asking(event)
    Registration.objects.filter(pk=person.pk).update(text_reminder_sending_at=WEEK_BEFORE)
    run_reminders_at(SESSION - dt.timedelta(hours=23), sending)
    assert sms.outbox == []
    assert services.text_reminder_send(registration_id=person.pk) is False


def test_the_scan_reads_a_fixed_number_of_queries(sending, django_assert_max_num_queries):
    event = session()
    for number in range(5):
        asking(event, phone=f"617-555-01{number:02d}")
    with (
        time_machine.travel(SESSION - dt.timedelta(hours=23), tick=False),
        django_assert_max_num_queries(1 + 5 * 4),  # the due list, then per text: claim, read,
    ):  # send (no query), record
        assert services.text_reminders_send() == 5


# -- the backends --


def test_the_console_backend_prints(capsys):
    sms.ConsoleBackend().send_messages([sms.TextMessage(to="+16175550123", body="Hola")])
    assert "SMS to +16175550123" in capsys.readouterr().out


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_twilio_is_called_over_https_with_basic_auth(settings, monkeypatch):
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.TWILIO_FROM_NUMBER = "+16175550000"
    calls = []

    def urlopen(request, timeout):
        calls.append((request, timeout))
        return FakeResponse(json.dumps({"sid": "SM1", "status": "queued"}).encode())

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    sent = sms.TwilioBackend().send_messages([sms.TextMessage(to="+16175550123", body="Hi")])
    assert sent == 1
    [(request, timeout)] = calls
    assert request.full_url == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"
    assert request.get_method() == "POST"
    assert request.headers["Authorization"] == "Basic QUMxMjM6c2VjcmV0"
    assert request.data == b"To=%2B16175550123&From=%2B16175550000&Body=Hi"
    assert timeout == settings.SMS_TIMEOUT


def test_a_twilio_refusal_is_an_sms_error_without_the_number(settings, monkeypatch):
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.TWILIO_FROM_NUMBER = "+16175550000"

    def urlopen(request, timeout):
        body = io.BytesIO(json.dumps({"code": 21211, "message": "+16175550123 invalid"}).encode())
        raise urllib.error.HTTPError(request.full_url, 400, "Bad Request", {}, body)

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    with pytest.raises(sms.SmsError) as failed:
        sms.TwilioBackend().send_messages([sms.TextMessage(to="+16175550123", body="Hi")])
    assert "21211" in str(failed.value) and "6175550123" not in str(failed.value)


def test_twilio_without_its_settings_is_refused(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    with pytest.raises(Exception, match="TWILIO_ACCOUNT_SID"):
        sms.TwilioBackend()


# -- the person's data --


def test_download_and_anonymizing_cover_the_text_reminder():
    event = session()
    person = asking(event)
    services.registrations_anonymize(registrations=[person])
    person.refresh_from_db()
    assert (person.phone, person.text_reminder_consented_at) == ("", None)
