"""Events in English and Spanish: each reader gets the text in their language, else the other
one marked with its own `lang`; emails and calendar files in the registrant's language;
organizers write both side by side."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events import services, tasks
from events.models import Event
from tests.events.helpers import confirmed, event_form, signed_in_organizer, waitlisted
from tests.factories import DemonstrationSiteFactory, EventFactory, OrganizationFactory
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

ENGLISH = "Family listening session in Lynn"
SPANISH = "Sesión de escucha para familias en Lynn"


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def bilingual():
    return EventFactory(
        title=ENGLISH,
        title_es=SPANISH,
        description="Tell us about your schools.",
        description_es="Cuéntenos sobre sus escuelas.",
        capacity=1,
    )


def summary_of(ics: str) -> str:
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    return str(vevent["summary"])


def description_of(ics: str) -> str:
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    return str(vevent["description"])


def only_message_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


# -- emails and calendar files --


@pytest.mark.parametrize(
    "language, title_es, expected",
    [
        ("es", SPANISH, SPANISH),
        ("en", SPANISH, ENGLISH),
        # No Spanish title yet: a Spanish registrant reads the English one.
        ("es", "", ENGLISH),
    ],
)
def test_the_confirmation_its_subject_and_calendar_file_follow_the_registrants_language(
    sending, language, title_es, expected
):
    event = EventFactory(title=ENGLISH, title_es=title_es, description="Tell us.")
    with sending():
        confirmed(event, email="ana@example.org", language=language)
    message = only_message_to("ana@example.org")
    assert expected in message.subject
    assert message.body.count(expected) >= 1
    other = ({ENGLISH, SPANISH} - {expected}).pop()
    assert other not in message.subject and other not in message.body
    [(_name, ics, _type)] = message.attachments
    assert summary_of(ics) == expected


def test_promotion_from_the_waiting_list_is_in_the_registrants_language(sending, bilingual):
    with sending():
        seat = confirmed(bilingual, email="first@example.org", language="en")
        waitlisted(bilingual, email="rosa@example.org", language="es")
    mail.outbox.clear()
    with sending():
        services.registration_cancel(registration=seat)
    promoted = only_message_to("rosa@example.org")
    assert SPANISH in promoted.subject and ENGLISH not in promoted.body
    assert summary_of(promoted.attachments[0][1]) == SPANISH
    cancelled = only_message_to("first@example.org")
    assert ENGLISH in cancelled.subject and SPANISH not in cancelled.body


def test_reminders_and_cancellations_are_in_each_registrants_language(sending, bilingual):
    starts = timezone.now() + dt.timedelta(days=3)
    Event.objects.filter(pk=bilingual.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2), capacity=5
    )
    bilingual.refresh_from_db()
    with sending():
        confirmed(bilingual, email="rosa@example.org", language="es")
        confirmed(bilingual, email="ann@example.org", language="en")
    mail.outbox.clear()
    with time_machine.travel(starts - dt.timedelta(hours=47), tick=False), sending():
        assert tasks.send_reminders.delay().get() == 2
    assert SPANISH in only_message_to("rosa@example.org").subject
    assert ENGLISH in only_message_to("ann@example.org").subject
    mail.outbox.clear()
    with sending():
        services.event_cancel(actor=None, event=bilingual)
    to_rosa, to_ann = only_message_to("rosa@example.org"), only_message_to("ann@example.org")
    assert SPANISH in to_rosa.subject and summary_of(to_rosa.attachments[0][1]) == SPANISH
    assert ENGLISH in to_ann.subject and summary_of(to_ann.attachments[0][1]) == ENGLISH


def test_an_organizers_message_names_the_event_in_each_registrants_language(sending, bilingual):
    with sending():
        confirmed(bilingual, email="rosa@example.org", language="es")
    mail.outbox.clear()
    with sending():
        services.registrants_message(
            actor=None, event=bilingual, subject="Parking", body="Use the back lot.", audience="all"
        )
    message = only_message_to("rosa@example.org")
    assert f"-- \n{SPANISH}\n" in message.body


def test_the_calendar_file_behind_a_manage_link_is_in_the_registrants_language(
    client, sending, bilingual
):
    with sending():
        registration = confirmed(bilingual, email="rosa@example.org", language="es")
    page = client.get(f"/events/manage/{registration.manage_token}/")
    link = f"/events/manage/{registration.manage_token}/event.ics"
    assert f'href="{link}"' in page.text
    # Read in English, the file is still the registrant's: in Spanish.
    response = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("no-store")
    assert summary_of(response.content.decode()) == SPANISH
    assert "Cuéntenos sobre sus escuelas." in description_of(response.content.decode())


def test_the_public_calendar_files_follow_the_request_or_the_language_asked(client, bilingual):
    Event.objects.filter(pk=bilingual.pk).update(status=Event.Status.PUBLISHED)
    english = client.get("/events/feed.ics").content.decode()
    assert ENGLISH in english and SPANISH not in english
    assert SPANISH in client.get("/events/feed.ics", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    # A calendar app sends no language: the link on a Spanish page says it.
    assert SPANISH in client.get("/events/feed.ics?lang=es").content.decode()
    listing = client.get("/events/", HTTP_ACCEPT_LANGUAGE="es").text
    assert 'href="/events/feed.ics?lang=es"' in listing
    single = client.get(f"/events/{bilingual.slug}/event.ics", HTTP_ACCEPT_LANGUAGE="es")
    assert summary_of(single.content.decode()) == SPANISH


# -- pages --


def test_an_event_page_in_spanish_marks_what_is_still_in_english(client):
    event = EventFactory(
        title=ENGLISH,
        title_es=SPANISH,
        description="Tell us about your schools.",
        accessibility_notes="Step-free entrance on Union Street.",
        status=Event.Status.PUBLISHED,
    )
    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").text
    assert f"<h1>{SPANISH}</h1>" in page
    assert '<div lang="en"><p>Tell us about your schools.</p></div>' in page
    assert '<dd lang="en">Step-free entrance on Union Street.</dd>' in page
    assert markup_problems(page) == []
    english = client.get(event.get_absolute_url()).text
    assert f"<h1>{ENGLISH}</h1>" in english
    assert "<div lang=" not in english and "<dd lang=" not in english


def test_an_event_written_only_in_spanish_shows_its_spanish_to_english_readers(client):
    event = EventFactory(title="", title_es=SPANISH, status=Event.Status.PUBLISHED)
    page = client.get(event.get_absolute_url()).text
    assert f'<h1><span lang="es">{SPANISH}</span></h1>' in page
    listing = client.get("/events/").text
    assert f'<span lang="es">{SPANISH}</span></a>' in listing


def test_the_event_filters_list_places_as_the_reader_reads_them(client):
    DemonstrationSiteFactory(name="Worcester", slug="worcester")
    DemonstrationSiteFactory(name="Boston Public Schools", name_es="Escuelas de Boston", slug="bps")
    DemonstrationSiteFactory(name="Chelsea", slug="chelsea")
    lynn = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    EventFactory(title="In Lynn", site=lynn, status=Event.Status.PUBLISHED)
    EventFactory(title="Elsewhere", status=Event.Status.PUBLISHED)

    page = client.get("/events/", HTTP_ACCEPT_LANGUAGE="es").text
    choices = re.search(r'<select name="site".*?</select>', page, re.S).group(0)
    names = re.findall(r'<option value="[a-z]+">([^<]+)</option>', choices)
    # Spanish names and English ones (no Spanish yet) in one alphabetical list.
    assert names == ["Chelsea", "Escuelas de Boston", "Lynn", "Worcester"]
    filtered = client.get("/events/?site=lynn", HTTP_ACCEPT_LANGUAGE="es").text
    assert "In Lynn" in filtered and "Elsewhere" not in filtered


# -- the organizer's form --


@pytest.fixture
def host():
    return OrganizationFactory(name="Lynn Families United")


def test_the_event_form_puts_english_and_spanish_side_by_side(client, host):
    signed_in_organizer(client, host)
    page = client.get("/events/organize/new/", HTTP_ACCEPT_LANGUAGE="en").text
    pairs = re.findall(r'<div class="field-languages">(.*?)\n    </div>', page, re.S)
    assert len(pairs) == 4  # title, description, accessibility, getting there
    assert 'for="id_title_en">Title (English)' in pairs[0]
    assert 'for="id_title_es">Title (Spanish)' in pairs[0]
    assert 'lang="es"' in pairs[0]
    assert markup_problems(page) == []


def test_an_event_needs_its_title_in_one_language_at_least(client, host):
    signed_in_organizer(client, host)
    response = client.post(
        "/events/organize/new/", event_form(hosts=[host.pk], title_en="", title_es="")
    )
    assert response.status_code == 400
    errors = re.search(r'id="id_title_en_error">(.*?)</ul>', response.text, re.S).group(1)
    assert "Write it in English, in Spanish or in both." in errors
    assert not Event.objects.exists()


def test_organizers_store_both_languages_and_may_write_spanish_only(client, host):
    signed_in_organizer(client, host)
    client.post(
        "/events/organize/new/",
        event_form(
            hosts=[host.pk],
            title_en="",
            title_es=SPANISH,
            description_en="Tell us.",
            description_es="Cuéntenos.",
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    event = Event.objects.get()
    assert (event.title_en or "", event.title_es) == ("", SPANISH)
    assert (event.description_en, event.description_es) == ("Tell us.", "Cuéntenos.")
    assert event.slug.startswith("sesion-de-escucha")
    # Changing it later, in Spanish, keeps the English the organizer adds.
    data = event_form(hosts=[host.pk], title_en=ENGLISH, title_es=SPANISH)
    client.post(f"/events/{event.slug}/organize/", data, HTTP_ACCEPT_LANGUAGE="es")
    event.refresh_from_db()
    assert (event.title_en, event.title_es) == (ENGLISH, SPANISH)
