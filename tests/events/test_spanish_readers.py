"""Events as a Spanish reader in Massachusetts reads them: each status agrees with its noun (the
event "cancelado", the registration "cancelada"), dates with the month in words, the 12-hour
clock as US Spanish writes it, and date filters that take what a date input sends."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import strip_tags

from events import services
from tests.events.helpers import cancelled, signed_in_organizer
from tests.factories import EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

BOSTON = ZoneInfo("America/New_York")
TODAY = dt.datetime(2026, 10, 1, 9, 0, tzinfo=BOSTON)
# Tuesday, November 10, 2026, 6 to 8 p.m. in Massachusetts (EST).
STARTS = dt.datetime(2026, 11, 10, 18, 0, tzinfo=BOSTON)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _in(client, language):
    client.cookies["django_language"] = language
    return client


def _event(**fields):
    return EventFactory(starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2), **fields)


def test_a_cancelled_event_and_a_cancelled_registration_each_agree_in_spanish(client):
    host = OrganizationFactory(name="Lynn Families")
    organizer = signed_in_organizer(client, host)
    called_off = _event(hosts=[host], title="Sesión en Lynn")
    services.event_cancel(actor=organizer, event=called_off)
    cancelled(_event(hosts=[host], title="Sesión en Holyoke"), email=organizer.email)
    _in(client, "es")

    organize = client.get("/events/organize/").text
    assert '<span class="status status--cancelled">Cancelado</span>' in organize
    assert "<strong>Cancelado</strong>" in client.get(called_off.get_absolute_url()).text
    me = client.get("/me/").text
    assert '<span class="status status--cancelled">Cancelada</span>' in me
    assert "Cancelado</span>" not in me and "Cancelada</span>" not in organize

    _in(client, "en")
    assert '<span class="status status--cancelled">Cancelled</span>' in client.get("/me/").text


def test_the_day_and_hours_of_an_event_in_spanish_and_in_english(client):
    event = _event(title="Sesión en Lynn")

    spanish = " ".join(_in(client, "es").get(event.get_absolute_url()).text.split())
    assert "10 de noviembre de 2026, 6:00 p. m.</time>\u2013<time" in spanish
    assert "8:00 p. m.</time>" in spanish
    assert "18:00" not in strip_tags(spanish)  # (only in the machine-readable datetime)

    english = " ".join(_in(client, "en").get(event.get_absolute_url()).text.split())
    assert "November 10, 2026, 6 p.m.</time>\u2013<time" in english


def test_date_filters_take_what_a_date_input_sends_in_spanish(client):
    _event(title="Sesión en Lynn")
    EventFactory(title="Sesión de octubre", starts_at=TODAY + dt.timedelta(days=5))

    page = _in(client, "es").get("/events/", {"from_date": "2026-11-01"}).text
    assert "Sesión en Lynn" in page
    assert "Sesión de octubre" not in page
    # Written back into the input the way the input reads it.
    assert 'value="2026-11-01"' in page
