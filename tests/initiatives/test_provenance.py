"""Provenance on the initiative, objective and site pages: beside each figure and dated fact,
who states it and as of when; an example carries the "Example" badge with its accessible name,
and a fact carries none.

Rows are built with the factories, their provenance set as the demo's data files set it.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Indicator, ProgressStatus, StudentGroup
from tests.factories import (
    DemonstrationSiteFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    SessionReportFactory,
    ThemeFactory,
)
from tests.support.markup import sound_page as get
from tests.support.provenance import badges, element_with, says_source

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 3, 12, 0, tzinfo=ZoneInfo("America/New_York"))
DESE = "Massachusetts DESE, 2023-24 MCAS results"
DESE_URL = "https://profiles.doe.mass.edu/statereport/mcas.aspx"
PIC = "Boston Private Industry Council, Summer jobs report 2024"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def network():
    """An initiative with a fact objective and an example one, a fact figure and an example one,
    a milestone of each kind."""
    initiative = InitiativeFactory(name="Brown's Promise Massachusetts", slug="browns-promise")
    indicator = IndicatorFactory(
        initiative=initiative,
        name="Students placed in summer jobs",
        slug="placements",
        unit=Indicator.Unit.COUNT,
        source=PIC,
    )
    MeasurementFactory(
        indicator=indicator,
        period_start=dt.date(2023, 6, 1),
        period_label="Summer 2023",
        value=Decimal("1040"),
        source=PIC,
        source_url="https://www.bostonpic.org/reports",
        as_of=dt.date(2023, 10, 2),
    )
    MeasurementFactory(
        indicator=indicator,
        period_start=dt.date(2024, 6, 1),
        period_label="Summer 2024",
        value=Decimal("1312"),
        is_example=True,
    )
    partner = OrganizationFactory(name="Latinos for Education")
    fact = ObjectiveFactory(
        initiative=initiative, title="Fact objective", slug="fact", indicator=indicator
    )
    example = ObjectiveFactory(initiative=initiative, title="Example objective", slug="example")
    ProgressUpdateFactory(
        objective=fact,
        organization=partner,
        status=ProgressStatus.ON_TRACK,
        narrative="The council placed 1,040 students.",
        value=Decimal("1040"),
        source=PIC,
        created_at=dt.datetime(2024, 11, 4, 12, tzinfo=dt.UTC),
    )
    ProgressUpdateFactory(
        objective=example,
        organization=partner,
        status=ProgressStatus.AT_RISK,
        narrative="Mapping has not started.",
        is_example=True,
        created_at=dt.datetime(2025, 2, 20, 12, tzinfo=dt.UTC),
    )
    MilestoneFactory(
        objective=fact,
        title="Fact milestone",
        due_date=dt.date(2024, 6, 30),
        completed_on=dt.date(2024, 6, 12),
        source="Brown's Promise, Year one report",
    )
    MilestoneFactory(objective=example, title="Example milestone", is_example=True)
    return initiative


def test_the_initiative_list_says_which_status_counts_come_from_examples(client, network):
    InitiativeFactory(name="All facts", slug="all-facts")
    fact_initiative = InitiativeFactory(name="Facts only", slug="facts-only")
    ProgressUpdateFactory(objective=ObjectiveFactory(initiative=fact_initiative), source=PIC)

    page = get(client, "/initiatives/")

    card = element_with(page, "Brown&#x27;s Promise Massachusetts")
    assert badges(card) == 1
    assert "1 of these statuses comes from an example update." in card
    assert badges(element_with(page, "Facts only")) == 0


def test_the_initiative_page_gives_each_status_figure_and_milestone_its_provenance(client, network):
    page = get(client, "/initiatives/browns-promise/")

    fact_status = element_with(page, "Fact objective")
    assert says_source(fact_status, PIC, as_of="November 4, 2024")
    assert badges(fact_status) == 0
    example_status = element_with(page, "Example objective")
    assert badges(example_status) == 1
    # With no source of its own, an update is its organization's report.
    assert says_source(example_status, "Latinos for Education", as_of="February 20, 2025")

    # The latest figure is the example one: badged where it is given.
    latest = element_with(page, "1,312", tag="dd")
    assert badges(latest) == 1
    # Each figure of the table with its own provenance.
    fact_row = element_with(page, "Summer 2023", tag="tr")
    assert says_source(
        fact_row, PIC, as_of="October 2, 2023", link="https://www.bostonpic.org/reports"
    )
    assert badges(fact_row) == 0
    assert badges(element_with(page, "Summer 2024", tag="tr")) == 1
    assert "Some of these figures are examples: see the table." in page
    # The indicator's own source.
    assert says_source(element_with(page, PIC, tag="dd"), PIC)

    fact_milestone = element_with(page, "Fact milestone")
    assert says_source(
        fact_milestone, "Brown&#x27;s Promise, Year one report", as_of="June 12, 2024"
    )
    assert badges(fact_milestone) == 0
    assert badges(element_with(page, "Example milestone")) == 1


def test_the_objective_page_gives_each_update_and_heard_theme_its_provenance(client, network):
    fact_report = SessionReportFactory(
        event__title="Session in Lynn",
        event__starts_at=dt.datetime(2024, 5, 14, 22, tzinfo=dt.UTC),
        source="Brown's Promise, What we heard in Lynn",
        source_url="https://example.com/lynn",
    )
    ThemeFactory(report=fact_report, title="Fact theme").objectives.add(
        network.objectives.get(slug="fact")
    )
    example_report = SessionReportFactory(
        event__title="Session in Holyoke",
        event__starts_at=dt.datetime(2024, 6, 4, 22, tzinfo=dt.UTC),
        is_example=True,
    )
    ThemeFactory(report=example_report, title="Example theme").objectives.add(
        network.objectives.get(slug="fact")
    )

    page = get(client, "/initiatives/objectives/fact/")

    update = element_with(page, "The council placed 1,040 students.")
    assert says_source(update, PIC, as_of="November 4, 2024")
    assert badges(update) == 0
    fact_theme = element_with(page, "Fact theme")
    assert says_source(
        fact_theme, "Brown&#x27;s Promise, What we heard in Lynn", link="https://example.com/lynn"
    )
    assert badges(fact_theme) == 0
    assert badges(element_with(page, "Example theme")) == 1
    assert badges(element_with(page, "Fact milestone")) == 0

    example_page = get(client, "/initiatives/objectives/example/")
    example_update = element_with(example_page, "Mapping has not started.")
    assert badges(example_update) == 1
    assert says_source(example_update, "Latinos for Education", as_of="February 20, 2025")
    assert badges(element_with(example_page, "Example milestone")) == 1


@pytest.fixture
def lynn():
    """A site with the math-proficiency series (examples, every group) and a fact figure."""
    site = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    initiative = InitiativeFactory(slug="bp")
    math = IndicatorFactory(
        initiative=initiative,
        name="Students proficient in math",
        slug="math",
        unit=Indicator.Unit.PERCENT,
        is_example=True,
    )
    for group, value in (
        (StudentGroup.ALL, 41),
        (StudentGroup.HISPANIC, 29),
        (StudentGroup.WHITE, 52),
    ):
        MeasurementFactory(
            indicator=math,
            site=site,
            student_group=group,
            period_start=dt.date(2024, 9, 1),
            period_label="2024-25",
            value=Decimal(value),
            is_example=True,
        )
    graduation = IndicatorFactory(
        initiative=initiative,
        name="Four-year graduation rate",
        slug="graduation",
        unit=Indicator.Unit.PERCENT,
    )
    MeasurementFactory(
        indicator=graduation,
        site=site,
        period_start=dt.date(2023, 9, 1),
        period_label="2023-24",
        value=Decimal("83.1"),
        source=DESE,
        source_url=DESE_URL,
        as_of=dt.date(2024, 12, 18),
    )
    return site


def test_every_math_proficiency_figure_at_a_site_is_badged_and_a_fact_figure_is_sourced(
    client, lynn
):
    page = get(client, "/sites/lynn/")

    for value in ("41", "29", "52"):
        row = element_with(page, f'<td class="num">{value}', tag="tr")
        assert badges(row) == 1, value
    fact = element_with(page, "83.1", tag="tr")
    assert says_source(fact, DESE, as_of="December 18, 2024", link=DESE_URL)
    assert badges(fact) == 0
    assert "not real" not in page


def test_the_site_comparison_gives_each_figure_its_provenance(client, lynn):
    other = DemonstrationSiteFactory(name="Holyoke", slug="holyoke")
    MeasurementFactory(
        indicator=Indicator.objects.get(slug="graduation"),
        site=other,
        period_start=dt.date(2023, 9, 1),
        period_label="2023-24",
        value=Decimal("71.4"),
        is_example=True,
    )

    page = get(client, "/sites/compare/?site=lynn&site=holyoke")

    graduation = element_with(page, "Four-year graduation rate", tag="tr")
    cell = element_with(graduation, "83.1", tag="td")
    assert says_source(cell, DESE, as_of="December 18, 2024", link=DESE_URL)
    assert badges(element_with(graduation, "83.1", tag="td")) == 0
    assert badges(element_with(graduation, "71.4", tag="td")) == 1
    math = element_with(page, "Students proficient in math", tag="tr")
    assert badges(math) == 1


def test_provenance_costs_no_query_per_row(client, network, lynn):
    """The source, link, as-of date and example flag are columns of rows already read."""

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        return len(captured.captured_queries)

    before = {
        url: queries(url)
        for url in (
            "/initiatives/",
            "/initiatives/browns-promise/",
            "/initiatives/objectives/fact/",
            "/sites/lynn/",
        )
    }
    for number in range(3):
        objective = ObjectiveFactory(initiative=network, slug=f"more-{number}")
        ProgressUpdateFactory(objective=objective, is_example=bool(number % 2), source=PIC)
        ProgressUpdateFactory(objective=network.objectives.get(slug="fact"), is_example=True)
        MilestoneFactory(objective=objective, is_example=True)
        MeasurementFactory(
            indicator=Indicator.objects.get(slug="placements"),
            period_start=dt.date(2010 + number, 6, 1),
            is_example=True,
        )
        MeasurementFactory(
            indicator=Indicator.objects.get(slug="graduation"),
            site=lynn,
            period_start=dt.date(2023, 9, 1),
            period_label="2023-24",
            student_group=[StudentGroup.ASIAN, StudentGroup.BLACK, StudentGroup.LOW_INCOME][number],
            source=DESE,
        )
    after = {url: queries(url) for url in before}
    assert after == before


def test_an_example_objective_is_badged_in_lists_and_on_its_page(client):
    initiative = InitiativeFactory(slug="nsrn")
    site = DemonstrationSiteFactory(slug="boston")
    ObjectiveFactory(
        initiative=initiative,
        site=site,
        title="Invented objective",
        slug="invented",
        is_example=True,
    )
    ObjectiveFactory(
        initiative=initiative, site=site, title="Seed objective", slug="seed", source=PIC
    )

    for url in ("/initiatives/nsrn/", "/sites/boston/"):
        page = get(client, url)
        assert badges(element_with(page, "Invented objective")) == 1, url
        assert badges(element_with(page, "Seed objective")) == 0, url
    assert badges(get(client, "/initiatives/objectives/invented/")) == 1
    seed = get(client, "/initiatives/objectives/seed/")
    assert badges(seed) == 0 and says_source(seed, PIC)
