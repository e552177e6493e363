"""The public events calendar and event pages, as an anonymous visitor sees them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.events.helpers import cancelled_batch, confirmed, confirmed_batch, waitlisted_batch
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    EventLanguageFactory,
    InitiativeFactory,
    ObjectiveFactory,
    OrganizationFactory,
    SessionReportFactory,
    ThemeFactory,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# A Monday in March 2025, just after the switch to daylight time (EDT).
NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=NEW_YORK)
LIST_URL = "/events/"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def local(month, day, hour=18, minute=0, year=2025):
    return dt.datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)


def session(title, starts_at, **kwargs):
    kwargs.setdefault("ends_at", starts_at + dt.timedelta(hours=2))
    return EventFactory(title=title, starts_at=starts_at, **kwargs)


def titles(response):
    """The event titles of the list page, in order."""
    assert response.status_code == 200
    return re.findall(r'<h2><a href="/events/[^"]+/">([^<]+)</a></h2>', response.text)


def seats(response):
    return [
        " ".join(text.split())
        for text in re.findall(r'<p class="seats[^"]*">(.*?)</p>', response.text, re.S)
    ]


# The list: what is shown, in which order


def test_list_shows_upcoming_published_events_soonest_first(client):
    session("Springfield community session", local(4, 2))
    session("Lynn community session", local(3, 20))
    session("Holyoke community session (draft)", local(3, 25), status=Event.Status.DRAFT)
    session("Lynn session moved", local(3, 27), status=Event.Status.CANCELLED)
    session("Holyoke community session", local(2, 5))  # already over

    response = client.get(LIST_URL)

    assert titles(response) == ["Lynn community session", "Springfield community session"]
    assert "<h1>Upcoming events</h1>" in response.text
    assert "2 events" in response.text
    assert markup_problems(response.text) == []


def test_an_event_under_way_is_still_upcoming(client):
    session("Educator Voice Academy", NOW - dt.timedelta(hours=1))

    assert titles(client.get(LIST_URL)) == ["Educator Voice Academy"]
    assert titles(client.get(LIST_URL, {"when": "past"})) == []


def test_past_list_shows_past_published_events_most_recent_first(client):
    session("Springfield session, May", local(5, 29, year=2024))
    session("Lynn session, December", local(12, 13, year=2024))
    session("Holyoke session, October", local(10, 16, year=2024))
    session("An old draft", local(9, 18, year=2024), status=Event.Status.DRAFT)
    session("Next Lynn session", local(3, 20))

    response = client.get(LIST_URL, {"when": "past"})

    assert titles(response) == [
        "Lynn session, December",
        "Holyoke session, October",
        "Springfield session, May",
    ]
    assert "<h1>Past events</h1>" in response.text
    assert markup_problems(response.text) == []


def test_a_card_shows_when_where_languages_and_support(client):
    event = session(
        "Lynn community session",
        local(3, 20),
        venue="Lynn Public Library",
        city="Lynn",
        childcare_offered=True,
    )
    EventLanguageFactory(event=event, language="en")
    EventLanguageFactory(event=event, language="es")
    EventLanguageFactory(event=event, language="pt", interpretation=True)
    EventLanguageFactory(event=event, language="ht", interpretation=True)
    session("Reinventing Child Care in Massachusetts", local(3, 24, 12), format="online")

    text = " ".join(client.get(LIST_URL).text.split())

    assert "Community listening session" in text
    assert "March 20, 2025, 6 p.m." in text
    assert "8 p.m." in text and "Eastern Time (EDT)" in text
    assert "Lynn Public Library, Lynn" in text
    assert "Languages: English, Spanish" in text
    assert "Interpretation: Haitian Creole, Portuguese" in text
    assert "Childcare offered" in text
    assert "Online" in text


def test_list_paginates_twenty_a_page(client):
    for day in range(1, 22):
        session(f"Session {day:02}", local(4, day))

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(titles(first)) == 20
    assert titles(second) == ["Session 21"]
    assert "21 events" in second.text
    assert "Page 2 of 2" in second.text


# The list: each filter


def test_filter_by_community_or_site(client):
    lynn = DemonstrationSiteFactory(name="Lynn", slug="lynn", city="Lynn")
    holyoke = DemonstrationSiteFactory(name="Holyoke", slug="holyoke", city="Holyoke")
    session("Lynn community session", local(3, 20), site=lynn)
    session("Holyoke community session", local(3, 21), site=holyoke)
    session("Statewide webinar", local(3, 22))

    assert titles(client.get(LIST_URL, {"site": "lynn"})) == ["Lynn community session"]


def test_filter_by_community_by_its_slug(client):
    session("Lynn community session", local(3, 20), city="Lynn")
    session("West Lynn session", local(3, 20), city="Lynn, West Lynn")
    session("Holyoke community session", local(3, 21), city="Holyoke")
    session("Statewide webinar", local(3, 22), city="")

    response = client.get(LIST_URL, {"community": "lynn"})

    assert titles(response) == ["Lynn community session", "West Lynn session"]
    assert '<option value="lynn" selected>Lynn</option>' in response.text


def test_an_unknown_community_in_the_filter_is_a_400_with_a_message_by_the_field(client):
    session("Lynn community session", local(3, 20), city="Lynn")
    response = client.get(LIST_URL, {"community": "atlantis"})
    assert response.status_code == 400
    assert 'id="id_community_error"' in response.text


def test_filter_by_kind(client):
    session("Lynn community session", local(3, 20))
    session("Reinventing Child Care: webinar 1", local(3, 21), kind=Event.Kind.WEBINAR)

    response = client.get(LIST_URL, {"kind": "webinar"})

    assert titles(response) == ["Reinventing Child Care: webinar 1"]


def test_filter_by_format(client):
    session("Lynn community session", local(3, 20))
    session("Action Lab meeting", local(3, 21), format=Event.Format.ONLINE)
    session("Leadership team meeting", local(3, 22), format=Event.Format.HYBRID)

    assert titles(client.get(LIST_URL, {"format": "online"})) == ["Action Lab meeting"]
    assert titles(client.get(LIST_URL, {"format": "hybrid"})) == ["Leadership team meeting"]


def test_filter_by_language_spoken_or_interpreted(client):
    spanish = session("Sesión comunitaria en Lynn", local(3, 20))
    EventLanguageFactory(event=spanish, language="es")
    interpreted = session("Springfield community session", local(3, 21))
    EventLanguageFactory(event=interpreted, language="en")
    EventLanguageFactory(event=interpreted, language="es", interpretation=True)
    english = session("Holyoke community session", local(3, 22))
    EventLanguageFactory(event=english, language="en")
    EventLanguageFactory(event=english, language="pt", interpretation=True)

    response = client.get(LIST_URL, {"language": "es"})

    assert titles(response) == ["Sesión comunitaria en Lynn", "Springfield community session"]
    assert titles(client.get(LIST_URL, {"language": "pt"})) == ["Holyoke community session"]


def test_filter_by_initiative(client):
    browns_promise = InitiativeFactory(name="Brown's Promise Massachusetts", slug="browns-promise")
    action_lab = InitiativeFactory(name="Early care and education Action Lab", slug="action-lab")
    session("Lynn community session", local(3, 20), initiative=browns_promise)
    session("Action Lab meeting", local(3, 21), initiative=action_lab)

    response = client.get(LIST_URL, {"initiative": "browns-promise"})

    assert titles(response) == ["Lynn community session"]


def test_filter_by_dates_uses_massachusetts_days(client):
    # 11:30 pm in Lynn on March 20 is already March 21 in UTC.
    session("Late session", local(3, 20, 23, 30), ends_at=local(3, 20, 23, 55))
    session("Just after midnight", local(3, 21, 0, 30))
    session("Earlier session", local(3, 19))

    on_the_20th = {"from_date": "2025-03-20", "to_date": "2025-03-20"}
    assert titles(client.get(LIST_URL, on_the_20th)) == ["Late session"]
    assert titles(client.get(LIST_URL, {"from_date": "2025-03-21"})) == ["Just after midnight"]
    assert titles(client.get(LIST_URL, {"to_date": "2025-03-19"})) == ["Earlier session"]


def test_filters_combine_and_the_empty_state_offers_to_clear_them(client):
    lynn = DemonstrationSiteFactory(slug="lynn")
    session("Lynn community session", local(3, 20), site=lynn)

    response = client.get(LIST_URL, {"site": "lynn", "kind": "webinar"})

    assert titles(response) == []
    assert "No events match these filters." in response.text
    assert '<a href="/events/">Clear filters</a>' in response.text
    assert markup_problems(response.text) == []


def test_empty_calendar_points_to_past_events(client):
    response = client.get(LIST_URL)

    assert "No events are scheduled right now." in response.text
    assert 'href="/events/?when=past"' in response.text


def test_drafts_never_appear_whatever_the_filters(client):
    site = DemonstrationSiteFactory(slug="springfield")
    draft = session("Draft session", local(3, 20), status=Event.Status.DRAFT, site=site)
    EventLanguageFactory(event=draft, language="es")
    session("Old draft", local(1, 20), status=Event.Status.DRAFT)

    for query in ({}, {"when": "past"}, {"site": "springfield"}, {"language": "es"}):
        response = client.get(LIST_URL, query)
        assert titles(response) == []
        assert "Draft" not in response.text


# Seats left


@pytest.mark.parametrize(
    ("capacity", "confirmed", "waitlist_enabled", "expected"),
    [
        (40, 0, True, ["40 seats left"]),
        (3, 2, True, ["1 seat left"]),
        (3, 3, True, ["Full — waiting list open"]),
        (3, 3, False, ["Full"]),
        (2, 3, False, ["Full"]),  # overbooked by hand in the admin: still just full
        (None, 5, True, []),  # no limit
    ],
)
def test_seats_left_on_list_and_page(client, capacity, confirmed, waitlist_enabled, expected):
    event = session(
        "Lynn community session",
        local(3, 20),
        capacity=None if capacity is None else max(capacity, confirmed),
        waitlist_enabled=waitlist_enabled,
    )
    confirmed_batch(confirmed, event)
    if capacity is not None and capacity < confirmed:
        # Lowered by hand in the admin: no service takes a confirmed seat away.
        Event.objects.filter(pk=event.pk).update(capacity=capacity)

    assert seats(client.get(LIST_URL)) == expected
    assert seats(client.get(event.get_absolute_url())) == expected


def test_cancelled_and_waitlisted_registrations_take_no_seat(client):
    event = session("Lynn community session", local(3, 20), capacity=2)
    confirmed_batch(2, event)
    cancelled_batch(4, event)
    waitlisted_batch(2, event)
    # Raised by hand in the admin, which promotes nobody (the organizers' form would): a seat
    # is free while two people wait, and only confirmed seats count.
    Event.objects.filter(pk=event.pk).update(capacity=3)

    assert seats(client.get(LIST_URL)) == ["1 seat left"]


def test_seat_count_ignores_the_language_filter_join(client):
    event = session("Lynn community session", local(3, 20), capacity=10)
    EventLanguageFactory(event=event, language="es")
    EventLanguageFactory(event=event, language="pt", interpretation=True)
    confirmed_batch(3, event)

    assert seats(client.get(LIST_URL, {"language": "es"})) == ["7 seats left"]


def test_past_events_show_no_seats(client):
    event = session("Lynn community session", local(12, 13, year=2024), capacity=40)
    confirmed_batch(5, event)

    assert seats(client.get(LIST_URL, {"when": "past"})) == []
    page = client.get(event.get_absolute_url())
    assert seats(page) == []
    assert "This event has already taken place." in page.text


# The event page


def test_event_page_shows_when_where_and_who(client):
    browns_promise = OrganizationFactory(name="Brown's Promise", slug="browns-promise")
    pending = OrganizationFactory(name="Not Yet Approved Group", approved=False)
    initiative = InitiativeFactory(name="Brown's Promise Massachusetts", slug="bpm")
    lynn = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    event = session(
        "Lynn community engagement session",
        local(3, 20),
        ends_at=local(3, 20, 20),
        description="Share what integrated, well-resourced public schools would mean for Lynn.",
        venue="Lynn Public Library",
        address="5 North Common Street",
        city="Lynn",
        accessibility_notes="Step-free entrance on North Common Street.",
        transit_notes="Near the Lynn commuter rail station and several bus routes.",
        childcare_offered=True,
        initiative=initiative,
        site=lynn,
        hosts=[browns_promise, pending],
    )
    EventLanguageFactory(event=event, language="es")
    EventLanguageFactory(event=event, language="en")
    EventLanguageFactory(event=event, language="pt", interpretation=True)

    response = client.get(event.get_absolute_url())
    text = " ".join(response.text.split())

    assert response.status_code == 200
    assert "<h1>Lynn community engagement session</h1>" in text
    assert "March 20, 2025, 6 p.m." in text
    assert "8 p.m." in text and "Eastern Time (EDT)" in text
    assert "Lynn Public Library" in text and "5 North Common Street" in text
    assert "Step-free entrance on North Common Street." in text
    assert "Near the Lynn commuter rail station" in text
    assert "English, Spanish" in text
    assert "Portuguese" in text
    assert "Childcare offered" in text
    assert '<a href="/partners/browns-promise/">Brown&#x27;s Promise</a>' in text
    assert "Not Yet Approved Group" not in text
    assert 'href="/initiatives/bpm/"' in text
    assert 'href="/sites/lynn/"' in text
    assert "Cancelled" not in text
    assert markup_problems(response.text) == []


def test_winter_times_name_standard_time(client):
    event = session("Lynn community session", local(12, 13, 18, year=2024))

    assert "Eastern Time (EST)" in client.get(event.get_absolute_url()).text


def test_draft_event_page_is_not_found(client):
    draft = session("Holyoke session being planned", local(3, 20), status=Event.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/events/no-such-session/").status_code == 404


def test_cancelled_event_page_says_so(client):
    event = session(
        "Springfield community session",
        local(3, 20),
        status=Event.Status.CANCELLED,
        capacity=40,
    )

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert '<p class="notice notice--cancelled" role="status"><strong>Cancelled</strong>' in (
        response.text
    )
    assert seats(response) == []


def test_the_online_link_never_appears(client):
    link = "https://meet.example.org/j/reinventing-child-care"
    upcoming = session("Action Lab meeting", local(3, 20), format="hybrid", online_url=link)
    past = session(
        "Reinventing Child Care: webinar 1",
        local(7, 15, 12, year=2020),
        kind=Event.Kind.WEBINAR,
        format=Event.Format.ONLINE,
        online_url=link,
    )
    confirmed(upcoming)

    pages = [LIST_URL, LIST_URL + "?when=past", upcoming.get_absolute_url()]
    pages.append(past.get_absolute_url())
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert "meet.example.org" not in response.text
    assert "the link is sent to confirmed registrants" in client.get(past.get_absolute_url()).text


def test_past_webinar_links_its_recording_and_slides(client):
    webinar = session(
        "Reinventing Child Care: webinar 1",
        local(7, 15, 12, year=2020),
        kind=Event.Kind.WEBINAR,
        format=Event.Format.ONLINE,
        recording_url="https://videos.example.org/reinventing-child-care-1",
        slides_url="https://files.example.org/reinventing-child-care-1.pdf",
    )
    upcoming = session(
        "Reinventing Child Care: webinar 2",
        local(3, 20, 12),
        kind=Event.Kind.WEBINAR,
        format=Event.Format.ONLINE,
        slides_url="https://files.example.org/reinventing-child-care-2.pdf",
    )

    past_page = client.get(webinar.get_absolute_url()).text
    assert 'href="https://videos.example.org/reinventing-child-care-1"' in past_page
    assert 'href="https://files.example.org/reinventing-child-care-1.pdf"' in past_page
    upcoming_page = client.get(upcoming.get_absolute_url()).text
    assert "Recording and slides" not in upcoming_page
    assert "reinventing-child-care-2.pdf" not in upcoming_page


# What we heard


@pytest.fixture
def heard_in_lynn():
    event = session("Lynn community engagement session", local(12, 13, year=2024))
    report = SessionReportFactory(
        event=event,
        summary="Families said every child deserves the same chance to thrive.",
        summary_es="Las familias dijeron que cada niño merece la misma oportunidad de prosperar.",
        published_at=local(1, 6),
    )
    agenda = ObjectiveFactory(
        title="Co-create a policy agenda on school segregation", slug="policy-agenda"
    )
    ThemeFactory(
        report=report,
        position=1,
        title="Learning together strengthens us all",
        title_es="Aprender juntos nos fortalece a todos",
        description="Parents valued classmates of different backgrounds.",
        description_es="Las familias valoran compañeros de distintos orígenes.",
    )
    ThemeFactory(
        report=report, position=2, title="Integrated, well-resourced schools"
    ).objectives.set([agenda])
    return event


def test_what_we_heard_in_english(client, heard_in_lynn):
    response = client.get(heard_in_lynn.get_absolute_url())
    text = response.text

    assert "What we heard" in text
    assert "Families said every child deserves the same chance to thrive." in text
    assert text.index("Learning together strengthens us all") < text.index(
        "Integrated, well-resourced schools"
    )
    assert "Parents valued classmates of different backgrounds." in text
    assert '<a href="/initiatives/objectives/policy-agenda/">' in text
    assert "cada niño" not in text
    assert markup_problems(text) == []


@pytest.mark.parametrize("how", ["header", "cookie"])
def test_what_we_heard_in_spanish(client, heard_in_lynn, how):
    if how == "cookie":
        client.cookies["django_language"] = "es"
        response = client.get(heard_in_lynn.get_absolute_url())
    else:
        response = client.get(heard_in_lynn.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    text = response.text

    assert '<html lang="es">' in text
    assert "cada niño merece la misma oportunidad de prosperar" in text
    # In the page's language: no lang of its own.
    assert "<h3>Aprender juntos nos fortalece a todos</h3>" in text
    assert "Las familias valoran compañeros de distintos orígenes." in text
    # No Spanish title yet: the English one, marked as English for screen readers.
    assert '<h3 lang="en">Integrated, well-resourced schools</h3>' in text
    assert "Families said every child" not in text


def test_spanish_readers_get_the_english_summary_when_no_translation(client, heard_in_lynn):
    heard_in_lynn.report.summary_es = ""
    heard_in_lynn.report.save()

    text = client.get(heard_in_lynn.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").text

    assert "Families said every child deserves the same chance to thrive." in text


def test_unpublished_report_is_not_shown(client, heard_in_lynn):
    heard_in_lynn.report.published_at = None
    heard_in_lynn.report.save()

    text = client.get(heard_in_lynn.get_absolute_url()).text

    assert "What we heard" not in text
    assert "Learning together" not in text


# Query counts: the same whatever the amount of data


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def busy_session(starts_at):
    event = session(
        "Community session",
        starts_at,
        hosts=OrganizationFactory.create_batch(2),
        site=DemonstrationSiteFactory(),
        initiative=InitiativeFactory(),
    )
    EventLanguageFactory(event=event, language="en")
    EventLanguageFactory(event=event, language="es", interpretation=True)
    confirmed_batch(3, event)
    return event


@pytest.mark.parametrize(
    "query", ["", "?language=es&format=in_person&from_date=2025-03-11", "?community=lynn"]
)
def test_list_query_count_does_not_grow_with_events(client, query):
    for hour in range(5):
        busy_session(local(3, 20, hour))
    small, _ = count_queries(client, LIST_URL + query)

    for hour in range(45):
        busy_session(local(4, 1) + dt.timedelta(hours=hour))
    large, response = count_queries(client, LIST_URL + query)

    assert len(titles(response)) == 20
    assert "50 events" in response.text
    assert small == large


def test_detail_query_count_does_not_grow_with_registrations_or_themes(client):
    event = session(
        "Lynn community engagement session",
        local(12, 13, year=2024),
        capacity=None,
        hosts=OrganizationFactory.create_batch(3),
        site=DemonstrationSiteFactory(),
        initiative=InitiativeFactory(),
    )
    EventLanguageFactory(event=event, language="en")
    EventLanguageFactory(event=event, language="es", interpretation=True)
    report = SessionReportFactory(event=event, published_at=local(1, 6))

    def add(count):
        confirmed_batch(count, event)
        for theme in ThemeFactory.create_batch(count, report=report):
            theme.objectives.set(ObjectiveFactory.create_batch(2))

    add(5)
    small, _ = count_queries(client, event.get_absolute_url())
    add(45)
    large, response = count_queries(client, event.get_absolute_url())

    assert response.text.count("<h3") == 50
    assert small == large
