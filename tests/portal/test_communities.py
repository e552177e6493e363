"""The community pages: the list of communities, and one community in one line of sight (next
sessions, what was heard and what answers it, figures, partners), bilingual and cached."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Community
from initiatives.models import ProgressUpdate
from tests.factories import (
    CommunityFactory,
    DemonstrationSiteFactory,
    EventFactory,
    EventLanguageFactory,
    MeasurementFactory,
    ObjectiveFactory,
    OrganizationFactory,
    SessionReportFactory,
    ThemeFactory,
    progress_update,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 15, 0, tzinfo=dt.UTC)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def lynn():
    return CommunityFactory(name="Lynn", name_en="Lynn", name_es="Lynn", slug="lynn")


def past_session(community, *, days_ago=30, **fields):
    ended = timezone.now() - dt.timedelta(days=days_ago)
    return EventFactory(
        community=community, starts_at=ended - dt.timedelta(hours=2), ends_at=ended, **fields
    )


def heard(community, *, title, objectives=(), days_ago=30, **fields):
    report = SessionReportFactory(
        event=past_session(community, days_ago=days_ago),
        published_at=timezone.now() - dt.timedelta(days=days_ago - 1),
        **fields,
    )
    theme = ThemeFactory(report=report, title=title, title_en=title)
    theme.objectives.set(objectives)
    return theme


@time_machine.travel(NOW, tick=False)
def test_community_page_shows_sessions_what_was_heard_and_what_was_done(client):
    community = lynn()
    partner = OrganizationFactory(name="Lynn Parents Network", slug="lynn-parents")
    host = OrganizationFactory(name="North Shore Host", slug="host")
    partner.communities.add(community)
    upcoming = EventFactory(
        community=community, title="Next Lynn session", hosts=[host], childcare_offered=True
    )
    EventLanguageFactory(event=upcoming, language="es", interpretation=True)
    objective = ObjectiveFactory(title="Integrated schools plan")
    progress_update(objective, narrative="We drafted the plan with families.")
    progress_update(
        objective,
        narrative="Partners-only draft numbers.",
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    heard(community, title="Families want integrated schools", objectives=[objective])
    heard(community, title="Buses are too early")
    site = DemonstrationSiteFactory(name="Lynn Public Schools", community=community)
    MeasurementFactory(site=site, value=42, source="Massachusetts DESE", as_of=dt.date(2024, 6, 1))
    elsewhere = CommunityFactory(name="Holyoke", slug="holyoke")
    heard(elsewhere, title="Heard in Holyoke")

    response = client.get("/communities/lynn/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Next Lynn session" in page
    assert "Childcare offered" in page and "Spanish" in page
    assert "Families want integrated schools" in page
    assert "Integrated schools plan" in page
    assert "We drafted the plan with families." in page
    assert "Partners-only draft numbers." not in page
    assert "Buses are too early" in page  # not answered yet
    assert page.index("Buses are too early") > page.index('id="not-answered"')
    assert "Heard in Holyoke" not in page
    assert "Massachusetts DESE" in page and "42" in page
    assert "Lynn Parents Network" in page and "North Shore Host" in page
    assert markup_problems(page) == []


def test_community_page_in_spanish_names_the_community_in_spanish(client):
    CommunityFactory(name="Boston", name_en="Boston", name_es="Boston (es)", slug="boston")
    response = client.get("/communities/boston/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert "<h1>Boston (es)</h1>" in response.content.decode()
    assert markup_problems(response.content.decode()) == []


def test_unknown_or_unlisted_community_is_404(client):
    CommunityFactory(name="Nowhere", slug="nowhere", listed=False)
    assert client.get("/communities/no-such-town/").status_code == 404
    assert client.get("/communities/nowhere/").status_code == 404


def test_example_content_is_badged_as_example(client):
    community = lynn()
    heard(community, title="Example theme: more buses", is_example=True)
    page = client.get("/communities/lynn/").content.decode()
    assert "Example theme: more buses" in page
    assert "badge--example" in page


def test_lists_are_bounded_and_say_how_many_more(client):
    community = lynn()
    for n in range(9):
        EventFactory(community=community, title=f"Session {n}")
    for n in range(10):
        heard(community, title=f"Unanswered {n}", days_ago=30 + n)
    page = client.get("/communities/lynn/").content.decode()
    assert "And 3 more sessions" in page
    assert "?community=lynn" in page
    assert page.count("Unanswered ") == 8
    assert "And 2 more." in page


def test_community_page_makes_the_same_number_of_queries_for_little_and_much_data(client):
    community = lynn()

    def add(count):
        for _ in range(count):
            org = OrganizationFactory()
            org.communities.add(community)
            EventFactory(community=community, hosts=[org])
            objective = ObjectiveFactory()
            progress_update(objective, organization=None)
            heard(community, title="Answered", objectives=[objective])
            heard(community, title="Not answered")
            site = DemonstrationSiteFactory(community=community)
            MeasurementFactory(site=site)

    add(2)
    little = count_queries(client, "/communities/lynn/")
    add(12)
    much = count_queries(client, "/communities/lynn/")
    # Community; sessions, their languages and their count; answered
    # themes, their objectives and their count; the latest updates; unanswered themes and
    # their count; sites and their count; figures; partners and their count; neighborhoods.
    assert little == much == 16


def test_community_list_counts_upcoming_sessions_with_fixed_queries(client):
    community = lynn()
    CommunityFactory(name="Springfield", slug="springfield")
    CommunityFactory(name="Hidden", slug="hidden", listed=False)
    EventFactory(community=community)
    EventFactory(community=community)
    past_session(community)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/communities/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 upcoming sessions" in page
    assert "Springfield" in page and "Hidden" not in page
    assert markup_problems(page) == []
    few = len(queries)
    for n in range(15):
        CommunityFactory(name=f"Town {n}", slug=f"town-{n}")
    assert count_queries(client, "/communities/") == few


def test_event_site_and_what_we_heard_link_to_the_community_page(client):
    community = lynn()
    theme = heard(community, title="Heard in Lynn")
    site = DemonstrationSiteFactory(community=community)
    event_page = client.get(theme.report.event.get_absolute_url()).content.decode()
    assert event_page.count('href="/communities/lynn/"') >= 2  # the event, what we heard
    assert 'href="/communities/lynn/"' in client.get(site.get_absolute_url()).content.decode()


def test_a_change_to_the_community_shows_on_the_next_request(client, settings):
    community = lynn()
    first = client.get("/communities/lynn/")
    assert "Lynn" in first.content.decode() and first.has_header("ETag")
    # Kept whole for anonymous visitors: a write that tells nobody (no signal) is not seen...
    Community.objects.filter(pk=community.pk).update(description_en="Unseen description")
    assert "Unseen description" not in client.get("/communities/lynn/").content.decode()
    # ...and a write through the ORM is, on the very next request.
    community.refresh_from_db()
    community.name_en = "Lynn, MA"
    community.save()
    assert "Lynn, MA" in client.get("/communities/lynn/").content.decode()
    EventFactory(community=community, title="A brand new session")
    assert "A brand new session" in client.get("/communities/lynn/").content.decode()
    assert "1 upcoming session" in client.get("/communities/").content.decode()
