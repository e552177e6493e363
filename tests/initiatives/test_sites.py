"""The demonstration sites list and pages, as an anonymous visitor sees them."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from initiatives.models import DemonstrationSite, Indicator, ProgressStatus, ProgressUpdate
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    ObjectiveFactory,
    OrganizationFactory,
    progress_update,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 3, 12, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries.captured_queries)


@pytest.fixture
def network():
    """Brown's Promise communities and two New Skills ready network sites."""
    browns = InitiativeFactory(name="Brown's Promise Massachusetts", slug="browns-promise")
    nsrn = InitiativeFactory(name="New Skills ready network", slug="new-skills-ready-network")
    lead = OrganizationFactory(name="Brown's Promise", slug="browns-promise-org")
    sites = {}
    for name in ("Lynn", "Springfield", "Holyoke"):
        sites[name] = DemonstrationSiteFactory(
            name=name,
            slug=name.lower(),
            city=name,
            kind=DemonstrationSite.Kind.COMMUNITY,
            lead_organization=lead,
        )
        sites[name].initiatives.add(browns)
    for name, city, state in [
        ("Boston, Massachusetts", "Boston", "MA"),
        ("Columbus, Ohio", "Columbus", "OH"),
    ]:
        sites[city] = DemonstrationSiteFactory(
            name=name,
            slug=city.lower(),
            city=city,
            state=state,
            kind=DemonstrationSite.Kind.NETWORK_SITE,
            lead_organization=OrganizationFactory(name=f"Pending lead in {city}", approved=False),
        )
        sites[city].initiatives.add(nsrn)
    return sites


def names(page):
    """The sites listed (card headings), not the filter's choices."""
    all_sites = ("Lynn", "Springfield", "Holyoke", "Boston, Massachusetts", "Columbus, Ohio")
    return {name for name in all_sites if f">{name}</a></h2>" in page}


def test_list_shows_every_site_with_kind_lead_and_initiatives(client, network):
    page = get(client, "/sites/")
    assert markup_problems(page) == []
    assert "5 sites" in page
    assert names(page) == {
        "Lynn",
        "Springfield",
        "Holyoke",
        "Boston, Massachusetts",
        "Columbus, Ohio",
    }
    assert "Network site · Columbus, OH" in page
    assert 'Led by <a href="/partners/browns-promise-org/">Brown&#x27;s Promise</a>' in page
    assert "Pending lead" not in page
    assert '<a class="tag" href="/initiatives/new-skills-ready-network/">' in page


def test_list_filters(client, network):
    assert names(get(client, "/sites/?kind=community")) == {"Lynn", "Springfield", "Holyoke"}
    assert names(get(client, "/sites/?initiative=new-skills-ready-network")) == {
        "Boston, Massachusetts",
        "Columbus, Ohio",
    }
    assert names(get(client, "/sites/?city=Holyoke")) == {"Holyoke"}
    assert names(get(client, "/sites/?kind=community&city=Columbus")) == set()
    assert "No sites match these filters." in get(client, "/sites/?kind=school")


def test_list_query_count_does_not_grow_with_rows(client):
    def sites(count):
        for _ in range(count):
            site = DemonstrationSiteFactory(lead_organization=OrganizationFactory())
            site.initiatives.add(InitiativeFactory(), InitiativeFactory())
            ObjectiveFactory(site=site)

    sites(5)
    with_five = count_queries(client, "/sites/")
    sites(45)
    assert count_queries(client, "/sites/") == with_five
    # Filter choices (initiatives, cities), the count, the rows, their initiatives.
    assert with_five == 5


def test_detail_shows_the_site(client, network):
    lynn = network["Lynn"]
    lynn.description = "Community engagement sessions were held in Lynn in December 2024."
    lynn.save()
    objective = ObjectiveFactory(
        initiative=lynn.initiatives.get(),
        site=lynn,
        title="Co-create a policy agenda on school segregation with Lynn, Springfield and "
        "Holyoke partners",
    )
    progress_update(objective, status=ProgressStatus.ON_TRACK)
    progress_update(
        objective,
        status=ProgressStatus.OFF_TRACK,
        narrative="Internal note.",
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    ObjectiveFactory(site=network["Springfield"], title="An objective in Springfield")
    EventFactory(site=lynn, title="Lynn listening session", starts_at=NOW + dt.timedelta(days=10))
    EventFactory(site=lynn, title="Lynn draft session", status=Event.Status.DRAFT)
    EventFactory(
        site=lynn, title="Lynn session last December", starts_at=NOW - dt.timedelta(days=80)
    )

    page = get(client, lynn.get_absolute_url())

    assert markup_problems(page) == []
    assert "<h1>Lynn</h1>" in page and "Community · Lynn, MA" in page
    assert "held in Lynn in December 2024" in page
    assert "Brown&#x27;s Promise Massachusetts" in page
    assert "Co-create a policy agenda" in page and "An objective in Springfield" not in page
    assert "On track" in page and "Off track" not in page and "Internal note" not in page
    assert "Lynn listening session" in page
    assert "Lynn draft session" not in page and "last December" not in page


def test_detail_hides_a_lead_awaiting_approval(client, network):
    page = get(client, network["Boston"].get_absolute_url())
    assert "Pending lead" not in page and "Lead organization" not in page


def test_detail_shows_latest_measurements_per_indicator(client, network):
    lynn = network["Lynn"]
    math = IndicatorFactory(
        name="Students proficient in math",
        unit=Indicator.Unit.PERCENT,
        source="Demo figures for illustration",
    )
    placements = IndicatorFactory(name="Direct summer placements", unit=Indicator.Unit.COUNT)
    for year, group, value in [
        (2022, "all", "30"),
        (2024, "all", "33.5"),
        (2024, "hispanic", "24"),
        (2024, "low_income", "22.25"),
    ]:
        MeasurementFactory(
            indicator=math,
            site=lynn,
            period_start=dt.date(year, 9, 1),
            period_label=f"{year}-{str(year + 1)[2:]}",
            student_group=group,
            value=Decimal(value),
        )
    MeasurementFactory(indicator=math, site=network["Holyoke"], period_start=dt.date(2025, 9, 1))
    MeasurementFactory(indicator=placements, site=lynn, period_label="Summer 2020", value=1055)

    page = get(client, lynn.get_absolute_url())

    assert ">Students proficient in math, 2024-25</caption>" in page
    assert "2022-23" not in page  # only the latest period
    rows = page[page.index("2024-25</caption>") :]
    assert rows.index("All students") < rows.index("Hispanic or Latino") < rows.index("Low income")
    assert '<td class="num">33.5%</td>' in rows and '<td class="num">22.25%</td>' in rows
    assert ">Direct summer placements, Summer 2020</caption>" in page
    assert '<td class="num">1,055</td>' in page
    assert "Source: Demo figures for illustration" in page


def test_unknown_site_is_404(client):
    get(client, "/sites/no-such-site/", status=404)


def _site_rows(site, count, first_year):
    for year in range(first_year, first_year + count):
        owner = OrganizationFactory()
        objective = ObjectiveFactory(site=site, indicator=IndicatorFactory(), owners=[owner])
        progress_update(objective, organization=owner)
        progress_update(
            objective, organization=owner, visibility=ProgressUpdate.Visibility.PARTNERS
        )
        MeasurementFactory(
            indicator=objective.indicator, site=site, period_start=dt.date(year, 1, 1)
        )
        MeasurementFactory(indicator=objective.indicator, site=site, student_group="black")
        site.initiatives.add(objective.initiative)
        EventFactory(site=site)


def test_detail_query_count_does_not_grow_with_rows(client):
    site = DemonstrationSiteFactory(lead_organization=OrganizationFactory())
    _site_rows(site, 5, first_year=1900)
    with_five = count_queries(client, site.get_absolute_url())
    _site_rows(site, 45, first_year=1905)
    assert count_queries(client, site.get_absolute_url()) == with_five
    # Its events come with their languages, spoken and interpreted: one query.
    assert with_five == 6


def test_two_sites_side_by_side_on_the_latest_figures_for_a_group(client):
    from initiatives.models import StudentGroup

    lynn = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    holyoke = DemonstrationSiteFactory(name="Holyoke", slug="holyoke")
    DemonstrationSiteFactory(name="Unchosen", slug="unchosen")
    rate = IndicatorFactory(name="Graduation rate", unit="percent")
    for site, old, new in ((lynn, "70", "75"), (holyoke, "80", "82")):
        MeasurementFactory(
            indicator=rate,
            site=site,
            period_start=dt.date(2023, 9, 1),
            value=old,
            period_label="2023-24",
        )
        MeasurementFactory(
            indicator=rate,
            site=site,
            period_start=dt.date(2024, 9, 1),
            value=new,
            period_label="2024-25",
        )
    MeasurementFactory(
        indicator=rate,
        site=lynn,
        period_start=dt.date(2024, 9, 1),
        value="61",
        period_label="2024-25",
        student_group=StudentGroup.ENGLISH_LEARNERS,
    )
    html = client.get("/sites/compare/?site=lynn&site=holyoke").content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    # In alphabetical order, whatever the order asked.
    assert table.index("Holyoke") < table.index("Lynn")
    assert "75%" in table and "82%" in table and "70%" not in table
    learners = client.get("/sites/compare/?site=lynn&site=holyoke&group=english_learners")
    table = learners.content.decode()
    assert "61%" in table and "no figure" in table


def test_comparing_fewer_than_two_sites_is_explained(client):
    DemonstrationSiteFactory(slug="lynn")
    response = client.get("/sites/compare/?site=lynn")
    assert response.status_code == 400
    assert "Choose two sites or more to compare." in response.content.decode()
    assert client.get("/sites/compare/").status_code == 200


def test_the_comparison_runs_the_same_queries_for_more_sites(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sites = DemonstrationSiteFactory.create_batch(8)
    indicators = IndicatorFactory.create_batch(4)
    for site in sites:
        for indicator in indicators:
            MeasurementFactory(indicator=indicator, site=site)

    def count(chosen):
        query = "&".join(f"site={s.slug}" for s in chosen)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/sites/compare/?{query}").status_code == 200
        return len(queries)

    assert count(sites[:2]) == count(sites)
