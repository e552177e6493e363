"""The public initiative and objective pages, as an anonymous visitor sees them."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from events.models import Event
from initiatives.charts import format_value, line_chart
from initiatives.models import FocusArea, Indicator, PartnerRole, ProgressStatus, ProgressUpdate
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    FocusAreaFactory,
    IndicatorFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    MeasurementFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    SessionReportFactory,
    ThemeFactory,
    UserFactory,
    progress_update,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 3, 12, 0, tzinfo=ZoneInfo("America/New_York"))
STRATEGIES = [
    "Ensure all families are thriving",
    "Educate the whole child",
    "Empower educators to lead",
    "Create a strong public narrative",
]


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def day(year, month, number) -> str:
    """A date as the pages write it (the project's DATE_FORMAT, in English)."""
    return date_format(dt.date(year, month, number), "DATE_FORMAT")


def at(days_ago: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days_ago)


def ooma():
    """Open Opportunity Massachusetts as the seed tells it, with Campus Without Walls inside."""
    initiative = InitiativeFactory(
        name="Open Opportunity Massachusetts",
        short_name="OOMA",
        slug="open-opportunity-massachusetts",
        summary="A growing cross-sector network of 40+ like-minded organizations.",
        vision="All students will be self-sufficient, community-oriented, civic minded, "
        "adaptable, and innovative global citizens.",
    )
    for position, title in enumerate(STRATEGIES):
        FocusAreaFactory(
            initiative=initiative, kind=FocusArea.Kind.STRATEGY, title=title, position=position
        )
    InitiativeFactory(
        name="Campus Without Walls",
        slug="campus-without-walls",
        parent=initiative,
        summary="Combines traditional and remote learning to deliver a 21st century education.",
    )
    return initiative


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries.captured_queries)


# The list


def test_list_shows_parents_before_their_children_with_counts(client):
    initiative = ooma()
    InitiativeFactory(name="Brown's Promise Massachusetts", slug="browns-promise-massachusetts")
    InitiativePartnerFactory(initiative=initiative, organization__name="BUILD")
    InitiativePartnerFactory(initiative=initiative, organization__name="Teach Plus")
    InitiativePartnerFactory(initiative=initiative, organization__approved=False)
    on_track, at_risk, _silent = ObjectiveFactory.create_batch(3, initiative=initiative)
    progress_update(on_track, status=ProgressStatus.ON_TRACK)
    progress_update(at_risk, status=ProgressStatus.AT_RISK)

    page = get(client, "/initiatives/")

    assert markup_problems(page) == []
    assert "3 initiatives" in page
    brown, ooma_at, campus = (
        page.index(name)
        for name in ("Brown&#x27;s Promise", "Open Opportunity Massachusetts", "Campus Without")
    )
    assert brown < ooma_at < campus
    assert "Part of Open Opportunity Massachusetts" in page
    assert "2 partners" in page  # the organization awaiting approval is not counted
    assert "3 objectives" in page
    assert '<span class="status status--on_track">On track</span> 1' in page
    assert '<span class="status status--at_risk">At risk</span> 1' in page
    assert '<span class="status status--not_started">No update yet</span> 1' in page


def test_list_filters(client):
    initiative = ooma()
    boston = InitiativeFactory(name="New Skills ready network: Boston", slug="nsrn-boston")
    FocusAreaFactory(
        initiative=boston, kind=FocusArea.Kind.PRIORITY_AREA, title="Closing equity gaps"
    )
    InitiativePartnerFactory(
        initiative=boston,
        organization__name="EdVestors",
        organization__slug="edvestors",
        role=PartnerRole.SITE_LEAD,
    )
    InitiativePartnerFactory(
        initiative=initiative, organization__slug="hidden", organization__approved=False
    )
    site = DemonstrationSiteFactory(name="Boston", slug="boston")
    site.initiatives.add(boston)

    def names(query):
        page = get(client, f"/initiatives/?{query}")
        listed = page.split("</h2>")  # the card headings
        return {
            n
            for n in ("Open Opportunity", "Campus Without Walls", "New Skills")
            if any(f">{n}" in heading for heading in listed)
        }

    assert names("q=40%2B+like-minded") == {"Open Opportunity"}
    assert names("partner=edvestors") == {"New Skills"}
    assert names("site=boston") == {"New Skills"}
    assert names("kind=strategy") == {"Open Opportunity"}
    assert names("kind=priority_area&q=Open") == set()
    # An organization awaiting approval is not a choice, so the filter is refused (and lists all).
    refused = client.get("/initiatives/?partner=hidden")
    assert refused.status_code == 400
    shown = refused.content.decode()
    assert "Nothing of that name was found: “hidden”. Check it, or type less of it." in shown
    assert all(f">{name}" in shown for name in ("Open Opportunity", "Campus Without", "New Skills"))


def test_list_paginates_twenty_a_page(client):
    InitiativeFactory.create_batch(23)
    assert "23 initiatives" in get(client, "/initiatives/")
    page_two = get(client, "/initiatives/?page=2")
    assert page_two.count('<li class="card') == 3
    assert "Page 2 of 2" in page_two


def _initiatives_with_everything(count):
    for _ in range(count):
        parent = InitiativeFactory()
        InitiativeFactory(parent=parent)
        InitiativePartnerFactory(initiative=parent)
        owner = OrganizationFactory()
        objective = ObjectiveFactory(initiative=parent, owners=[owner])
        progress_update(objective, organization=owner)
        FocusAreaFactory(initiative=parent)


def test_list_query_count_does_not_grow_with_rows(client):
    _initiatives_with_everything(5)
    with_five = count_queries(client, "/initiatives/?kind=strategy")
    _initiatives_with_everything(45)
    assert count_queries(client, "/initiatives/?kind=strategy") == with_five
    # Filter choices (partners, sites), the count, the page's rows.
    assert with_five == 4


# One initiative


def test_detail_shows_seed_content_grouped(client):
    initiative = ooma()
    strategy = initiative.focus_areas.get(title="Empower educators to lead")
    objective = ObjectiveFactory(
        initiative=initiative, focus_area=strategy, title="Grow teacher leadership cohorts"
    )
    progress_update(objective, status=ProgressStatus.AT_RISK, at=at(20))
    ObjectiveFactory(initiative=initiative, title="Map demonstration sites")
    for role, name in [
        (PartnerRole.LEADERSHIP_TEAM, "Rennie Center for Education Research & Policy"),
        (PartnerRole.LEADERSHIP_TEAM, "Sociedad Latina"),
        (PartnerRole.FUNDER, "The Boston Foundation"),
    ]:
        InitiativePartnerFactory(initiative=initiative, organization__name=name, role=role)
    InitiativePartnerFactory(
        initiative=initiative, organization__name="Pending Org", organization__approved=False
    )
    site = DemonstrationSiteFactory(name="Lynn", city="Lynn")
    site.initiatives.add(initiative)
    EventFactory(
        initiative=initiative, title="OOMA network meeting", starts_at=NOW + dt.timedelta(days=3)
    )
    EventFactory(initiative=initiative, title="Draft meeting", status=Event.Status.DRAFT)
    EventFactory(initiative=initiative, title="Last year", starts_at=NOW - dt.timedelta(days=300))

    page = get(client, initiative.get_absolute_url())

    assert markup_problems(page) == []
    assert "<h1>Open Opportunity Massachusetts" in page
    assert "innovative global citizens" in page
    assert '<h2 id="focus-strategy">Leverage strategies</h2>' in page
    positions = [page.index(title) for title in STRATEGIES]
    assert positions == sorted(positions)
    assert page.index("Empower educators to lead") < page.index("Grow teacher leadership cohorts")
    assert page.index("Grow teacher leadership cohorts") < page.index("Create a strong public")
    assert "At risk" in page and f"as of {day(2025, 2, 11)}" in page
    assert "Other objectives" in page and "No update yet" in page
    assert (
        page.index("<h3>Leadership team</h3>")
        < page.index("Rennie Center")
        < page.index("<h3>Funders</h3>")
        < page.index("The Boston Foundation")
    )
    assert "Pending Org" not in page
    assert "Lynn" in page
    assert "Initiatives within OOMA" in page and "Campus Without Walls" in page
    assert "OOMA network meeting" in page
    assert "Draft meeting" not in page and "Last year" not in page


def test_child_links_to_its_parent(client):
    ooma()
    page = get(client, "/initiatives/campus-without-walls/")
    assert 'Part of <a href="/initiatives/open-opportunity-massachusetts/">' in page


def test_milestones_say_done_overdue_upcoming_in_words(client):
    objective = ObjectiveFactory(title="Select the first cohort of HQCCP pilot high schools")
    MilestoneFactory(
        objective=objective,
        title="Agree selection criteria",
        due_date=dt.date(2025, 1, 15),
        completed_on=dt.date(2025, 1, 10),
    )
    MilestoneFactory(
        objective=objective, title="Call for pilot schools", due_date=dt.date(2025, 2, 1)
    )
    MilestoneFactory(objective=objective, title="Announce cohort", due_date=dt.date(2025, 6, 30))

    for url in (objective.initiative.get_absolute_url(), objective.get_absolute_url()):
        page = get(client, url)
        criteria, call, announce = (
            page.index(t) for t in ("Agree selection", "Call for pilot", "Announce cohort")
        )
        assert criteria < call < announce
        assert f"Done on {day(2025, 1, 10)}" in page[:criteria]
        assert "Overdue" in page[criteria:call]
        assert "Upcoming" in page[call:announce] and "Overdue" not in page[call:announce]


def test_indicator_value_formatted_with_chart_and_table(client):
    initiative = InitiativeFactory(name="New Skills ready network: Boston", slug="nsrn-boston")
    placements = IndicatorFactory(
        initiative=initiative,
        name="Direct summer placements",
        slug="direct-placements",
        unit=Indicator.Unit.COUNT,
        target=Decimal("1200"),
    )
    for year, value in [(2019, "980"), (2020, "1055")]:
        MeasurementFactory(
            indicator=placements,
            period_start=dt.date(year, 6, 1),
            period_label=f"Summer {year}",
            value=Decimal(value),
        )
    site = DemonstrationSiteFactory()
    MeasurementFactory(indicator=placements, period_start=dt.date(2021, 6, 1), value=7, site=site)

    page = get(client, initiative.get_absolute_url())

    assert "1,055" in page and "(Summer 2020)" in page  # the site's figure is not the network's
    assert "1,200" in page
    assert (
        '<title id="chart-direct-placements-title">Direct summer placements, over time</title>'
        in page
    )
    assert (
        "2 figures from Summer 2019 to Summer 2020; the latest is 1,055. "
        "The target is 1,200.</desc>" in page
    )
    assert '<th scope="row">Summer 2019</th><td class="num">980</td>' in page
    assert '<th scope="row">Summer 2020</th><td class="num">1,055</td>' in page
    assert 'aria-labelledby="chart-direct-placements-title chart-direct-placements-desc"' in page


def test_indicator_measured_only_by_site_points_to_the_sites(client):
    indicator = IndicatorFactory(name="Students proficient in math", unit=Indicator.Unit.PERCENT)
    lynn = DemonstrationSiteFactory(name="Lynn, Massachusetts")
    lynn.initiatives.add(indicator.initiative)
    MeasurementFactory(indicator=indicator, site=lynn, value=Decimal("32"))
    page = get(client, indicator.initiative.get_absolute_url())
    assert "No figure yet" in page
    assert "recorded site by site" in page and '<a href="#sites">' in page
    assert "<svg" not in page


def test_chart_coordinates_stay_numbers_in_spanish(client):
    indicator = IndicatorFactory(unit=Indicator.Unit.PERCENT)
    MeasurementFactory(indicator=indicator, value=Decimal("33.3"), period_label="2023")
    MeasurementFactory(indicator=indicator, value=Decimal("41.5"), period_label="2024")
    client.cookies["django_language"] = "es"
    page = get(client, indicator.initiative.get_absolute_url())
    points = page.split('class="chart__line" points="')[1].split('"')[0]
    assert "," in points and all(
        part.replace(".", "").isdigit() for p in points.split() for part in p.split(",")
    )
    assert "41.5%" in page  # the figures themselves, as Spanish writes them in the US


def test_unknown_slugs_are_404(client):
    get(client, "/initiatives/no-such-initiative/", status=404)
    get(client, "/initiatives/objectives/no-such-objective/", status=404)


def _detail_rows(initiative, count):
    indicator = IndicatorFactory(initiative=initiative)
    for _ in range(count):
        focus_area = FocusAreaFactory(initiative=initiative)
        owner = OrganizationFactory()
        objective = ObjectiveFactory(
            initiative=initiative, focus_area=focus_area, indicator=indicator, owners=[owner]
        )
        progress_update(objective, organization=owner, value=Decimal("5"))
        progress_update(
            objective, organization=owner, visibility=ProgressUpdate.Visibility.PARTNERS
        )
        MilestoneFactory(objective=objective)
        MeasurementFactory(indicator=indicator)
        InitiativePartnerFactory(initiative=initiative)
        InitiativeFactory(parent=initiative)
        DemonstrationSiteFactory().initiatives.add(initiative)
        EventFactory(initiative=initiative)


def test_detail_query_count_does_not_grow_with_rows(client):
    initiative = InitiativeFactory()
    _detail_rows(initiative, 5)
    with_five = count_queries(client, initiative.get_absolute_url())
    _detail_rows(initiative, 45)
    assert count_queries(client, initiative.get_absolute_url()) == with_five
    # The page of objectives counts them (one query) to number its pages; one more reads its
    # documents open for comment (consultations, through the reverse relation).
    assert with_five == 13


def test_the_objectives_come_thirty_a_page_with_their_milestones(client):
    initiative = InitiativeFactory()
    objectives = [
        ObjectiveFactory(initiative=initiative, title=f"Objective {n:02}") for n in range(31)
    ]
    MilestoneFactory(objective=objectives[-1], title="Milestone of the last")
    first = client.get(initiative.get_absolute_url()).content.decode()
    assert "Objective 29" in first and "Objective 30" not in first
    assert "Milestone of the last" not in first
    assert "Page 1 of 2" in first
    second = client.get(initiative.get_absolute_url() + "?page=2").content.decode()
    assert "Objective 30" in second and "Objective 29" not in second
    assert "Milestone of the last" in second


# One objective


def boston_objective():
    initiative = InitiativeFactory(name="New Skills ready network: Boston", slug="nsrn-boston")
    priority = FocusAreaFactory(
        initiative=initiative,
        kind=FocusArea.Kind.PRIORITY,
        title="Developing common and foundational definitions to signal their commitment to equity",
    )
    indicator = IndicatorFactory(
        initiative=initiative,
        name="Direct summer placements",
        slug="direct-placements",
        unit=Indicator.Unit.COUNT,
        target=Decimal("1200"),
    )
    MeasurementFactory(indicator=indicator, period_label="Summer 2020", value=Decimal("1055"))
    pic = OrganizationFactory(name="Boston Private Industry Council", slug="boston-pic")
    objective = ObjectiveFactory(
        initiative=initiative,
        focus_area=priority,
        indicator=indicator,
        title="Sustain summer work placements",
        slug="sustain-summer-work-placements",
        owners=[pic, OrganizationFactory(name="Unapproved Org", approved=False)],
        site=DemonstrationSiteFactory(name="Boston, Massachusetts", kind="network_site"),
    )
    return objective, pic


def test_objective_page_shows_whole_public_history(client):
    objective, pic = boston_objective()
    author = UserFactory(name="Dana Whitfield", email="dana@example.org")
    first = progress_update(
        objective,
        organization=pic,
        author=author,
        status=ProgressStatus.AT_RISK,
        narrative="Employers paused on-site placements.",
        value=Decimal("900"),
        at=at(80),
    )
    progress_update(
        objective,
        organization=pic,
        author=author,
        status=ProgressStatus.ON_TRACK,
        narrative="Virtual internships replaced on-site ones.",
        value=Decimal("1055"),
        evidence_url="https://example.org/summer-2020",
        corrects=first,
        at=at(50),
    )

    page = get(client, objective.get_absolute_url())

    assert markup_problems(page) == []
    assert "<h1>Sustain summer work placements</h1>" in page
    assert "New Skills ready network: Boston" in page
    assert "Priority: Developing common and foundational definitions" in page
    assert "Boston Private Industry Council" in page and "Unapproved Org" not in page
    assert "Boston, Massachusetts" in page
    assert 'Current status: <span class="status status--on_track">On track</span>' in " ".join(
        page.split()
    )
    assert page.index("Virtual internships") < page.index("Employers paused")  # newest first
    assert "Dana Whitfield" in page and "dana@example.org" not in page
    assert "Figure reported: 1,055" in page and "Figure reported: 900" in page
    assert 'href="https://example.org/summer-2020"' in page
    assert f"This corrects the update of {day(2024, 12, 13)}." in page
    assert '<title id="chart-direct-placements-title">' in page and "Target</dt><dd>1,200" in page


def test_objective_target_overrides_indicator_target(client):
    objective, _ = boston_objective()
    objective.target_value = Decimal("1500")
    objective.save()
    page = get(client, objective.get_absolute_url())
    assert "Target</dt><dd>1,500" in page and "1,200" not in page


def test_you_said_we_did_only_from_published_reports(client):
    objective, _ = boston_objective()
    lynn = EventFactory(title="Community Engagement Session: Lynn", starts_at=at(80))
    themes = [
        ThemeFactory(
            report=SessionReportFactory(event=lynn),
            title="Integrated, well-resourced schools",
            title_es="Escuelas integradas y con recursos",
        ),
        ThemeFactory(
            report=SessionReportFactory(event=EventFactory(), published_at=None),
            title="Unpublished theme",
        ),
        ThemeFactory(
            report=SessionReportFactory(
                event=EventFactory(), published_at=NOW + dt.timedelta(days=1)
            ),
            title="Theme published tomorrow",
        ),
        ThemeFactory(
            report=SessionReportFactory(event=EventFactory(status=Event.Status.DRAFT)),
            title="Theme of a draft event",
        ),
    ]
    objective.themes.set(themes)

    page = get(client, objective.get_absolute_url())
    assert "You said, we did" in page
    assert "Integrated, well-resourced schools" in page
    assert f'<a href="{lynn.get_absolute_url()}">Community Engagement Session: Lynn</a>' in page
    assert "Unpublished theme" not in page and "Theme of a draft event" not in page
    assert "Theme published tomorrow" not in page

    client.cookies["django_language"] = "es"
    spanish = get(client, objective.get_absolute_url())
    # In the page's language: no lang of its own; a theme without Spanish is marked English.
    assert "<h3>Escuelas integradas y con recursos</h3>" in spanish


def _history(objective, count, first_year):
    for year in range(first_year, first_year + count):
        owner = OrganizationFactory()
        objective.owners.add(owner)
        progress_update(objective, organization=owner)
        progress_update(
            objective, organization=owner, visibility=ProgressUpdate.Visibility.PARTNERS
        )
        MilestoneFactory(objective=objective)
        MeasurementFactory(indicator=objective.indicator, period_start=dt.date(year, 1, 1))
        ThemeFactory(report=SessionReportFactory(event=EventFactory())).objectives.add(objective)


def test_objective_query_count_does_not_grow_with_rows(client):
    objective, _ = boston_objective()
    _history(objective, 5, first_year=1900)
    with_five = count_queries(client, objective.get_absolute_url())
    _history(objective, 45, first_year=1905)
    assert count_queries(client, objective.get_absolute_url()) == with_five
    assert with_five == 7  # with the history's count, for its pages


# What anonymous visitors never see


def test_partners_only_update_never_shown_nor_counted(client):
    objective, pic = boston_objective()
    progress_update(
        objective,
        organization=pic,
        status=ProgressStatus.ON_TRACK,
        narrative="Placements confirmed with 40 employers.",
        at=at(30),
    )
    progress_update(
        objective,
        organization=pic,
        status=ProgressStatus.OFF_TRACK,
        narrative="Confidential: two funders withdrew.",
        value=Decimal("12"),
        visibility=ProgressUpdate.Visibility.PARTNERS,
        at=at(1),
    )
    pages = [
        get(client, "/initiatives/"),
        get(client, objective.initiative.get_absolute_url()),
        get(client, objective.get_absolute_url()),
        get(client, objective.site.get_absolute_url()),
    ]
    for page in pages:
        assert "Confidential" not in page
        assert "Off track" not in page
        assert "On track" in page
    assert f"as of {day(2025, 2, 1)}" in pages[1]


def test_value_formats_per_unit():
    assert format_value(Decimal("1055.00"), Indicator.Unit.COUNT) == "1,055"
    assert format_value(Decimal("300000"), Indicator.Unit.COUNT) == "300,000"
    assert format_value(Decimal("45.50"), Indicator.Unit.PERCENT) == "45.5%"
    assert format_value(Decimal("4100000.00"), Indicator.Unit.DOLLARS) == "$4,100,000"
    assert format_value(Decimal("6"), Indicator.Unit.RANK) == "6th"
    assert format_value(Decimal("2"), Indicator.Unit.RANK) == "2nd"
    assert format_value(None, Indicator.Unit.COUNT) == ""
    with translation.override("es"):
        # Spanish as read in the United States groups and points the way English does here.
        assert format_value(Decimal("1055"), Indicator.Unit.COUNT) == "1,055"
        assert format_value(Decimal("4100000.00"), Indicator.Unit.DOLLARS) == "$4,100,000"
        assert format_value(Decimal("45.50"), Indicator.Unit.PERCENT) == "45.5%"


def test_line_chart_geometry():
    class M:
        def __init__(self, label, value):
            self.period_label, self.value = label, Decimal(value)

    chart = line_chart([M("2019", "50"), M("2020", "100")], unit="percent", target=Decimal("75"))
    first, last = chart.points
    assert first.x < last.x and first.y > last.y  # rising line, SVG y grows downwards
    assert chart.axis_top == "100%" and chart.axis_bottom == "0%"
    # 0 at the baseline, 100 at the top: 50 halfway, the target of 75 a quarter down.
    assert last.y == chart.top and first.y == (chart.top + chart.baseline) / 2
    assert chart.target_y == chart.top + (chart.baseline - chart.top) / 4
    assert line_chart([], unit="count") is None
