"""The leads' dashboard: each panel's figures against a small network counted by hand, with
filters and date ranges; small counts of people hidden on the page and in the CSV; exports,
large ones through a background job; the board packet; and a query count that does not move
with the amount of data."""

import csv
import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP

from coalition.models import AuditLog, Job
from dashboards.tables import FEWER, Link, Links, Percent, protect
from dashboards.views import dashboard_pdf_available
from events.models import Event, LocationSuggestion, Registration
from initiatives.models import (
    DemonstrationSite,
    Indicator,
    Initiative,
    Objective,
    ProgressStatus,
    ProgressUpdate,
)
from partners.models import Membership, Sector
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    IndicatorFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    LocationSuggestionFactory,
    MeasurementFactory,
    MembershipFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    RegistrationFactory,
    SessionReportFactory,
    ThemeFactory,
    UserFactory,
    verified_user,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def ago(days):
    return NOW - dt.timedelta(days=days)


def day(days_ago):
    return ago(days_ago).date()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lead(client):
    user = verified_user("lead@example.org", is_coalition_lead=True, name="Dana Lead")
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    client.force_login(user)
    return user


def _register(event, count, *, created=None, **fields):
    people = RegistrationFactory.create_batch(count, event=event, **fields)
    if created:
        Registration.objects.filter(pk__in=[p.pk for p in people]).update(created_at=created)
    return people


@pytest.fixture
def network(frozen):
    """Three initiatives (Alpha One inside Alpha), three partners and one applicant, four
    objectives, four events; the figures each test expects are counted from here."""
    alpha = InitiativeFactory(name="Alpha", slug="alpha")
    alpha_one = InitiativeFactory(name="Alpha One", slug="alpha-one", parent=alpha)
    beta = InitiativeFactory(name="Beta", slug="beta")
    schools = OrganizationFactory(name="North Schools", slug="north", sector=Sector.SCHOOLS)
    families = OrganizationFactory(name="Family Network", slug="families")
    fund = OrganizationFactory(name="Quiet Fund", slug="quiet", sector=Sector.FUNDER)
    OrganizationFactory(name="Applicant Org", slug="applicant", approved=False)
    InitiativePartnerFactory(initiative=alpha, organization=schools)
    InitiativePartnerFactory(initiative=alpha_one, organization=families)
    InitiativePartnerFactory(initiative=beta, organization=families)
    InitiativePartnerFactory(initiative=beta, organization=fund)
    MembershipFactory(
        user=UserFactory(name="Jo Asking"), organization=fund, status=Membership.Status.REQUESTED
    )
    lynn = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    holyoke = DemonstrationSiteFactory(name="Holyoke", slug="holyoke", city="Holyoke")

    # Objectives: A1 at risk (on track before), A2 done 40 days ago and stale (30-day
    # cadence), A3 new without update, B1 off track 100 days ago and stale.
    a1 = ObjectiveFactory(initiative=alpha, site=lynn, owners=[schools], title="A1", slug="a1")
    a2 = ObjectiveFactory(
        initiative=alpha_one, site=holyoke, owners=[families], title="A2", slug="a2"
    )
    a3 = ObjectiveFactory(initiative=alpha, owners=[schools], title="A3", slug="a3")
    b1 = ObjectiveFactory(initiative=beta, owners=[families], title="B1", slug="b1")
    Objective.objects.exclude(pk=a3.pk).update(created_at=ago(200))
    Objective.objects.filter(pk=a3.pk).update(created_at=ago(5))
    status = ProgressStatus
    ProgressUpdateFactory(
        objective=a1, organization=schools, status=status.ON_TRACK, created_at=ago(10)
    )
    ProgressUpdateFactory(
        objective=a1,
        organization=schools,
        status=status.AT_RISK,
        created_at=ago(2),
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    ProgressUpdateFactory(
        objective=a2, organization=families, status=status.DONE, created_at=ago(40)
    )
    ProgressUpdateFactory(
        objective=b1, organization=families, status=status.OFF_TRACK, created_at=ago(100)
    )
    MilestoneFactory(objective=a1, title="M1", due_date=day(5))
    MilestoneFactory(objective=b1, title="M2", due_date=day(50), completed_on=day(45))
    MilestoneFactory(objective=b1, title="M3", due_date=day(3))
    MilestoneFactory(objective=a2, title="M4", due_date=day(-10))

    # Events: two ahead, two past, one draft.
    up_one = EventFactory(
        title="Up one",
        slug="up-one",
        initiative=alpha,
        site=lynn,
        hosts=[schools],
        starts_at=ago(-10),
        capacity=20,
        childcare_offered=True,
    )
    _register(up_one, 3, interpretation_language="es", children_count=2, needs_transportation=True)
    _register(up_one, 3, interpretation_language="es", needs_transportation=True)
    _register(up_one, 2, interpretation_language="pt")
    _register(up_one, 4)
    up_two = EventFactory(
        title="Up two",
        slug="up-two",
        initiative=beta,
        site=None,
        city="",
        format=Event.Format.ONLINE,
        hosts=[families],
        starts_at=ago(-20),
        capacity=4,
    )
    _register(up_two, 4)
    _register(up_two, 3, status=Registration.Status.WAITLISTED)
    past_one = EventFactory(
        title="Past one",
        slug="past-one",
        initiative=alpha,
        site=lynn,
        hosts=[schools],
        starts_at=ago(30),
        capacity=None,
    )
    _register(past_one, 8, created=ago(40), checked_in_at=ago(30))
    _register(past_one, 2, created=ago(40))
    _register(past_one, 1, created=ago(40), status=Registration.Status.CANCELLED)
    past_two = EventFactory(
        title="Past two",
        slug="past-two",
        initiative=beta,
        site=holyoke,
        hosts=[families],
        starts_at=ago(60),
    )
    _register(past_two, 2, created=ago(70), checked_in_at=ago(60))
    _register(past_two, 1, created=ago(70))
    EventFactory(title="Draft", slug="draft", hosts=[schools], status=Event.Status.DRAFT)

    # What we heard at Past one (published) and Past two (not yet).
    report = SessionReportFactory(event=past_one, published_at=ago(20))
    ThemeFactory(report=report, title="Safer routes").objectives.set([a1])
    ThemeFactory(report=report, title="More interpreters")
    ThemeFactory(report=SessionReportFactory(event=past_two, published_at=None), title="Hidden")
    for community, status_, days in [
        ("Lynn", LocationSuggestion.Status.NEW, 0),
        ("Lynn", LocationSuggestion.Status.NEW, 0),
        ("Lynn", LocationSuggestion.Status.SCHEDULED, 0),
        ("Holyoke", LocationSuggestion.Status.NEW, 100),
    ]:
        suggestion = LocationSuggestionFactory(community=community, status=status_)
        LocationSuggestion.objects.filter(pk=suggestion.pk).update(created_at=ago(days))

    # Math by group at Lynn over two years; a count of graduates network-wide.
    math = IndicatorFactory(initiative=alpha, name="Math", slug="math", unit=Indicator.Unit.PERCENT)
    for start, label, values in [
        (dt.date(2024, 9, 1), "2024-25", {"all": 40, "black": 30, "asian": 60}),
        (dt.date(2025, 9, 1), "2025-26", {"all": 45, "black": 33, "asian": 62}),
    ]:
        for group, value in values.items():
            MeasurementFactory(
                indicator=math,
                period_start=start,
                period_label=label,
                student_group=group,
                value=value,
                site=lynn,
            )
    grads = IndicatorFactory(initiative=beta, name="Graduates", slug="grads")
    for group, value in {"all": 120, "native": 3}.items():
        MeasurementFactory(
            indicator=grads,
            period_start=dt.date(2025, 9, 1),
            period_label="2025-26",
            student_group=group,
            value=value,
        )
    return {"alpha": alpha, "beta": beta, "schools": schools, "families": families}


def plain(cell):
    if isinstance(cell, Link):
        return cell.text
    if isinstance(cell, Links):
        return [link.text for link in cell.items]
    if cell is FEWER:
        return "fewer than 5"
    if isinstance(cell, Percent):
        return f"{cell.value}%"
    return cell


def tables(response):
    found = {}
    for panel in response.context["panels"]:
        for table in panel.tables:
            found[table.name] = [[plain(cell) for cell in row] for row in table.rows]
    return found


def get(client, query=""):
    response = client.get(f"/dashboard/{query}")
    assert response.status_code == 200, response.content.decode()[:3000]
    return response


# -- progress --


def test_objectives_by_status_for_each_initiative(client, lead, network):
    response = get(client)
    # No update yet, not started, on track, at risk, off track, done, total.
    assert tables(response)["objectives-by-status"] == [
        ["Alpha", 1, 0, 0, 1, 0, 0, 2],
        ["Alpha One", 0, 0, 0, 0, 0, 1, 1],
        ["Beta", 0, 0, 0, 0, 1, 0, 1],
    ]
    page = response.content.decode()
    assert '<svg viewBox="0 0 480 90" role="img"' in page
    assert "4 objectives in 3 initiatives; 0 on track, 1 at risk, 1 off track, 1 done." in page
    assert 'fill="#b45309"><title>At risk: 1</title></rect>' in page


def test_status_at_the_end_of_a_date_range(client, lead, network):
    # On day 20 before now: A1 had no update yet and A3 did not exist.
    until = day(20).isoformat()
    assert tables(get(client, f"?until={until}"))["objectives-by-status"] == [
        ["Alpha", 1, 0, 0, 0, 0, 0, 1],
        ["Alpha One", 0, 0, 0, 0, 0, 1, 1],
        ["Beta", 0, 0, 0, 0, 1, 0, 1],
    ]


def test_stale_objectives_overdue_milestones_and_latest_updates(client, lead, network):
    found = tables(get(client))
    assert [row[:2] for row in found["stale-objectives"]] == [["B1", "Beta"], ["A2", "Alpha One"]]
    assert found["stale-objectives"][0][3:] == [day(100), day(70)]
    assert found["overdue-milestones"] == [
        ["M1", "A1", "Alpha", day(5), 5],
        ["M3", "B1", "Beta", day(3), 3],
    ]
    updates = found["latest-updates"]
    assert [(row[1], row[3], row[5], row[6]) for row in updates] == [
        ("A1", "At risk", "North Schools", "Partners only"),
        ("A1", "On track", "North Schools", "Public"),
        ("A2", "Done", "Family Network", "Public"),
        ("B1", "Off track", "Family Network", "Public"),
    ]


def test_an_initiative_brings_the_ones_inside_it(client, lead, network):
    found = tables(get(client, "?initiative=alpha"))
    assert [row[0] for row in found["objectives-by-status"]] == ["Alpha", "Alpha One"]
    assert [row[0] for row in found["stale-objectives"]] == ["A2"]
    assert [row[0] for row in found["overdue-milestones"]] == ["M1"]
    assert [row[1] for row in found["latest-updates"]] == ["A1", "A1", "A2"]
    assert [row[0] for row in found["upcoming-events"]] == ["Up one"]
    assert [row[0] for row in found["attendance"]] == ["Past one"]
    assert [row[0] for row in found["engagement"]] == ["North Schools", "Family Network"]


def test_organization_site_and_dates_narrow_every_panel(client, lead, network):
    found = tables(get(client, "?organization=families"))
    assert [row[1] for row in found["latest-updates"]] == ["A2", "B1"]
    assert [row[0] for row in found["stale-objectives"]] == ["B1", "A2"]
    assert [row[0] for row in found["upcoming-events"]] == ["Up two"]
    assert found["organizations-by-sector"] == [["Community organizations", 1]]
    # North Schools leads two sites, Lynn among them: counted once.
    DemonstrationSite.objects.update(lead_organization=network["schools"])
    found = tables(get(client, "?site=lynn"))
    assert found["organizations-by-sector"] == [["Schools and districts", 1]]
    assert [row[0] for row in found["objectives-by-status"]] == ["Alpha"]
    assert [row[0] for row in found["attendance"]] == ["Past one"]
    found = tables(get(client, f"?since={day(4).isoformat()}&until={day(0).isoformat()}"))
    assert [row[0] for row in found["overdue-milestones"]] == ["M3"]
    assert [row[1] for row in found["latest-updates"]] == ["A1"]
    assert found["attendance"] == []
    assert found["suggestions"] == [["Lynn", 2, 0, 1, 0, 3]]


def test_filters_are_kept_in_the_links_to_exports_and_packet(client, lead, network):
    page = get(client, "?initiative=alpha&since=2026-01-01").content.decode()
    assert 'href="/dashboard/export/attendance.csv?initiative=alpha&amp;since=2026-01-01"' in page
    assert 'href="/dashboard/packet/?initiative=alpha&amp;since=2026-01-01"' in page
    assert '<option value="alpha" selected>Alpha</option>' in page


def test_wrong_filters_are_told_next_to_the_field(client, lead, network):
    response = client.get("/dashboard/?initiative=nothing&since=2026-06-01&until=2026-05-01")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice. That choice is not one of the available choices." in page
    assert "The end of the range comes before its start." in page
    assert 'id="id_until_error"' in page
    assert "panels" not in response.context


# -- sessions and events --


def test_upcoming_events_fill_rate_waiting_list_and_needs(client, lead, network):
    found = tables(get(client))
    assert [row[2:] for row in found["upcoming-events"]] == [
        ["Lynn", 20, 12, "60%", 0],
        ["Online", 4, "fewer than 5", "fewer than 5", "fewer than 5"],
    ]
    assert [row[2:] for row in found["event-needs"]] == [
        ["Spanish: 6, Portuguese: fewer than 5", 6, 6, 0],
        ["none", 0, 0, 0],
    ]


def test_attendance_of_past_sessions(client, lead, network):
    response = get(client)
    assert [row[1:] for row in tables(response)["attendance"]] == [
        [day(30), "Lynn", 10, 8, "80%"],
        [day(60), "Holyoke", "fewer than 5", "fewer than 5", "fewer than 5"],
    ]
    assert "Overall: 77% of 13 people with a seat came." in response.content.decode()


def test_registrations_by_community_and_month(client, lead, network):
    response = get(client)
    table = next(
        t for p in response.context["panels"] for t in p.tables if t.name.startswith("reg")
    )
    assert [c.label for c in table.columns] == [
        "Community",
        "January 2026",
        "February 2026",
        "March 2026",
        "April 2026",
        "May 2026",
        "June 2026",
    ]
    # The communities with the most registrations first.
    assert tables(response)["registrations-by-community"] == [
        ["Lynn", 0, 0, 0, 0, 10, 12],
        ["Online", 0, 0, 0, 0, 0, 7],
        ["Holyoke", 0, 0, 0, "fewer than 5", 0, 0],
    ]
    assert "April 2026, fewer than 5; May 2026, 10; June 2026, 19." in response.content.decode()


def test_a_hidden_cell_cannot_be_worked_out_from_its_column_total():
    matrix = {"Lynn": {"May": 12, "June": 3}, "Holyoke": {"May": 8, "June": 9}, "Online": {}}
    shown = protect(matrix, ["May", "June"])
    # June's total (12) less Holyoke's 9 would give Lynn's 3: Holyoke's is hidden too.
    assert shown == {
        "Lynn": {"May": 12, "June": FEWER},
        "Holyoke": {"May": 8, "June": FEWER},
        "Online": {"May": 0, "June": 0},
    }


# -- partners --


def test_partners_by_sector_engagement_and_approvals(client, lead, network):
    found = tables(get(client))
    assert found["organizations-by-sector"] == [
        ["Community organizations", 1],
        ["Funders", 1],
        ["Schools and districts", 1],
    ]
    # Last 90 days: North Schools' 2 updates, Up one and Past one; Family Network's A2
    # update (B1's is older), Up two and Past two.
    assert found["engagement"] == [
        ["North Schools", "Schools and districts", 2, 2],
        ["Family Network", "Community organizations", 1, 2],
    ]
    assert found["inactive-organizations"] == [["Quiet Fund", "Funders", "Boston"]]
    assert [row[0] for row in found["pending-organizations"]] == ["Applicant Org"]
    assert [row[:2] for row in found["pending-memberships"]] == [["Jo Asking", "Quiet Fund"]]


def test_engagement_follows_the_date_range(client, lead, network):
    since, until = day(45).isoformat(), day(35).isoformat()
    response = get(client, f"?since={since}&until={until}")
    assert tables(response)["engagement"] == [["Family Network", "Community organizations", 1, 0]]
    assert "Engagement by organization, from May 1, 2026 to May 11, 2026" in (
        response.content.decode()
    )


# -- equity indicators --


def test_equity_gaps_by_group_with_the_trend(client, lead, network):
    response = get(client)
    views = response.context["indicators"]
    assert [(v.indicator.name, v.site_name) for v in views] == [
        ("Math", "Lynn"),
        ("Graduates", "Network-wide"),
    ]
    math = [[plain(cell) for cell in row] for row in views[0].table.rows]
    # Each group's two years, its change since the first, and its gaps in the latest.
    assert [c.label for c in views[0].table.columns] == [
        "Student group",
        "2024-25",
        "2025-26",
        "Change since 2024-25",
        "Gap to all students",
        "Gap to the best group",
    ]
    assert math == [
        ["All students", "40%", "45%", "+5 points", "", "\u221217 points"],
        [
            "Black or African American",
            "30%",
            "33%",
            "+3 points",
            "\u221212 points",
            "\u221229 points",
        ],
        ["Asian", "60%", "62%", "+2 points", "+17 points", "0 points"],
    ]
    # A count of students in one group under five is hidden, with its gaps.
    grads = [[plain(cell) for cell in row] for row in views[1].table.rows]
    assert grads == [
        ["All students", "120", "", "0"],
        ["American Indian or Alaska Native", "fewer than 5", "", ""],
    ]
    page = response.content.decode()
    assert "2025-26: All students, 45%; Black or African American, 33%; Asian, 62%." in page
    assert 'class="chart__reference"' in page


def test_equity_export_in_long_form(client, lead, network):
    rows = read_csv(client.get("/dashboard/export/equity-indicators.csv"))
    assert rows[0] == [
        "Indicator",
        "Site",
        "Period",
        "Student group",
        "Unit",
        "Value",
        "Gap to all students",
        "Gap to the best group",
    ]
    # Plain numbers in the indicator's unit, for spreadsheets; a small count stays hidden.
    assert rows[1:] == [
        ["Graduates", "Network-wide", "2025-26", "All students", "Number", "120.00", "", "0.00"],
        [
            "Graduates",
            "Network-wide",
            "2025-26",
            "American Indian or Alaska Native",
            "Number",
            "fewer than 5",
            "",
            "",
        ],
        ["Math", "Lynn", "2024-25", "All students", "Percent", "40.00", "", "-20.00"],
        ["Math", "Lynn", "2024-25", "Asian", "Percent", "60.00", "20.00", "0.00"],
        [
            "Math",
            "Lynn",
            "2024-25",
            "Black or African American",
            "Percent",
            "30.00",
            "-10.00",
            "-30.00",
        ],
        ["Math", "Lynn", "2025-26", "All students", "Percent", "45.00", "", "-17.00"],
        ["Math", "Lynn", "2025-26", "Asian", "Percent", "62.00", "17.00", "0.00"],
        [
            "Math",
            "Lynn",
            "2025-26",
            "Black or African American",
            "Percent",
            "33.00",
            "-12.00",
            "-29.00",
        ],
    ]


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(client, lead, network):
    LocationSuggestionFactory(community='=HYPERLINK("http://x")')
    rows = read_csv(client.get("/dashboard/export/suggestions.csv"))
    assert ['\'=HYPERLINK("http://x")', "1", "0", "0", "0", "1"] in rows


# -- community input --


def test_suggestions_themes_and_themes_without_objectives(client, lead, network):
    found = tables(get(client))
    assert found["suggestions"] == [["Lynn", 2, 0, 1, 0, 3], ["Holyoke", 1, 0, 0, 0, 1]]
    assert [[row[0], row[1], row[3]] for row in found["themes"]] == [
        ["Safer routes", "Past one", ["A1"]],
        ["More interpreters", "Past one", []],
    ]
    assert [row[0] for row in found["unanswered-themes"]] == ["More interpreters"]


# -- CSV exports --


def read_csv(response):
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_table_downloads_with_its_filters_and_hidden_small_counts(client, lead, network):
    response = client.get("/dashboard/export/upcoming-events.csv?organization=families")
    assert (
        response["Content-Disposition"] == 'attachment; filename="upcoming-events-2026-06-15.csv"'
    )
    assert read_csv(response) == [
        ["Event", "Starts", "Community", "Capacity", "Confirmed", "Full", "Waiting list"],
        [
            "Up two",
            "2026-07-05 12:00",
            "Online",
            "4",
            "fewer than 5",
            "fewer than 5",
            "fewer than 5",
        ],
    ]
    entry = AuditLog.objects.get(action="dashboard.exported")
    assert entry.data == {"table": "upcoming-events", "rows": 1, "filters": "organization=families"}


def test_the_export_has_every_row_not_only_those_on_the_page(client, lead, network):
    objective = Objective.objects.get(slug="a3")
    ProgressUpdateFactory.create_batch(12, objective=objective, created_at=NOW)
    rows = read_csv(client.get("/dashboard/export/latest-updates.csv"))
    assert rows[0] == [
        "Posted",
        "Objective",
        "Initiative",
        "Status",
        "Author",
        "Organization",
        "Visible to",
    ]
    assert len(rows) == 1 + 16
    page = get(client).content.decode()
    assert "Showing 10 of 16." in page


def test_grouped_tables_show_the_largest_groups_and_export_them_all(client, lead, network):
    for index in range(12):
        InitiativeFactory(name=f"Small {index:02}", slug=f"small-{index}")
        ObjectiveFactory(initiative=Initiative.objects.get(slug=f"small-{index}"))
    response = get(client)
    shown = [row[0] for row in tables(response)["objectives-by-status"]]
    assert shown[:2] == ["Alpha", "Alpha One"] and len(shown) == 12
    assert "Showing 12 of 15." in response.content.decode()
    rows = read_csv(client.get("/dashboard/export/objectives-by-status.csv"))
    assert len(rows) == 1 + 15


def test_an_unknown_table_is_not_found(client, lead, network):
    assert client.get("/dashboard/export/salaries.csv").status_code == 404


@pytest.fixture
def a_few_rows_at_once(settings):
    settings.DASHBOARD_EXPORT_ROWS_AT_ONCE = 3


def test_a_large_export_runs_in_the_background_with_its_progress(
    client, lead, network, a_few_rows_at_once, django_capture_on_commit_callbacks
):
    page = client.get("/dashboard/export/latest-updates.csv?organization=families")
    assert page.status_code == 200
    assert "This table has 2 rows" not in page.content.decode()
    response = client.get("/dashboard/export/latest-updates.csv")
    assert "This table has 4 rows: it will be prepared in the background." in (
        response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/export/latest-updates/start/")
    job = Job.objects.get(kind=Job.Kind.EXPORT_DASHBOARD)
    assert response["Location"] == f"/dashboard/exports/{job.pk}/"
    assert (job.status, job.rows_total, job.rows_done) == (Job.Status.SUCCEEDED, 4, 4)
    page = client.get(response["Location"]).content.decode()
    assert "The file is ready: 4 rows." in page
    rows = read_csv(client.get(f"/dashboard/exports/{job.pk}/download/"))
    assert [row[1] for row in rows[1:]] == ["A1", "A1", "A2", "B1"]
    # The small export at once and the large one in the background, each logged.
    assert AuditLog.objects.filter(action="dashboard.exported").count() == 2


def test_the_export_page_shows_progress_while_it_runs(client, lead, network):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=lead,
        filename="latest-updates.csv",
        status=Job.Status.RUNNING,
        rows_total=1200,
        rows_done=500,
    )
    page = client.get(f"/dashboard/exports/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Rows written: 500 of 1200" in page
    assert '<progress id="job-progress" max="1200" value="500">41%</progress>' in page
    # Not ready: the download link leads back to the progress.
    response = client.get(f"/dashboard/exports/{job.pk}/download/")
    assert response.status_code == 302


def test_the_task_records_progress_every_500_rows(lead, network, a_few_rows_at_once, monkeypatch):
    from django.http import QueryDict

    from dashboards import services

    objective = Objective.objects.get(slug="a3")
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(objective=objective, status="on_track", narrative="n", created_at=NOW)
        for _ in range(1200)
    )
    job = services.export_start(user=lead, name="latest-updates", params=QueryDict(""))
    seen = []
    real = services.job_progress

    def watch(*, job, done, total=None):
        seen.append(done)
        real(job=job, done=done, total=total)

    monkeypatch.setattr(services, "job_progress", watch)
    services.export_run(job_id=job.pk)
    assert seen == [0, 500, 1000, 1204]
    job.refresh_from_db()
    assert job.output.count("\n") == 1205


def test_another_leads_export_is_not_found(client, lead, network):
    other = verified_user("other@example.org", is_coalition_lead=True)
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD, created_by=other, status=Job.Status.SUCCEEDED
    )
    assert client.get(f"/dashboard/exports/{job.pk}/").status_code == 404
    assert client.get(f"/dashboard/exports/{job.pk}/download/").status_code == 404


# -- the board packet --


def test_the_packet_has_a_section_per_initiative_in_view(client, lead, network):
    response = client.get("/dashboard/packet/?initiative=alpha")
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s.initiative.name for s in sections] == ["Alpha", "Alpha One"]
    alpha = sections[0]
    assert [o.title for o in alpha.objectives] == ["A1", "A3"]
    assert dict(alpha.states)["At risk"] == 1
    assert [m.title for m in alpha.milestones] == ["M1"]
    assert [v.indicator.name for v in alpha.indicators] == ["Math"]
    assert [e.title for e in alpha.events] == ["Past one", "Up one"]
    assert [t.shown_title for t in alpha.themes] == ["Safer routes", "More interpreters"]
    page = response.content.decode()
    assert '<h2 id="packet-alpha">Alpha</h2>' in page
    assert "No objective answers it yet." in page


def test_the_print_stylesheet_leaves_out_navigation_and_breaks_pages(client):
    css = Path("static/css/site.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header, .site-footer" in print_rules
    assert ".packet__section { page-break-before: always; }" in print_rules


@pytest.mark.skipif(not dashboard_pdf_available(), reason="WeasyPrint needs Pango")
def test_the_packet_as_pdf(client, lead, network):
    response = client.get("/dashboard/packet.pdf?initiative=alpha")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store, private"


# -- the organization dashboard --


def test_staff_see_their_organizations_work(client, network):
    staff = verified_user("staff@example.org")
    MembershipFactory(user=staff, organization=network["families"])
    client.force_login(staff)
    response = client.get("/dashboard/organizations/families/")
    assert response.status_code == 200
    # Stale first: B1 since 70 days, then A2 since 10 days.
    assert [o.title for o in response.context["page_obj"]] == ["B1", "A2"]
    assert [o.title for o in response.context["due"]] == ["B1", "A2"]
    events = [[plain(cell) for cell in row] for row in response.context["events"].rows]
    assert events == [
        ["Up two", ago(-20), "Online", 4, "fewer than 5", "fewer than 5", "fewer than 5"]
    ]
    page = response.content.decode()
    assert 'href="/initiatives/objectives/b1/update/"' in page
    assert 'href="/events/up-two/organize/"' in page
    assert client.get("/dashboard/organizations/north/").status_code == 403
    assert client.get("/dashboard/").status_code == 403


# -- queries --


def grow(n):
    """n more of everything the dashboard counts, spread like the network above."""
    for i in range(n):
        initiative = InitiativeFactory()
        org = OrganizationFactory()
        site = DemonstrationSiteFactory()
        InitiativePartnerFactory(initiative=initiative, organization=org)
        objective = ObjectiveFactory(initiative=initiative, owners=[org], site=site)
        Objective.objects.filter(pk=objective.pk).update(created_at=ago(200))
        ProgressUpdateFactory(objective=objective, organization=org, created_at=ago(i))
        MilestoneFactory(objective=objective, due_date=day(2))
        for starts in (ago(-5 - i), ago(5 + i)):
            event = EventFactory(initiative=initiative, site=site, hosts=[org], starts_at=starts)
            _register(event, 6, interpretation_language="es", checked_in_at=starts)
        report = SessionReportFactory(event=event)
        ThemeFactory(report=report).objectives.set([objective])
        ThemeFactory(report=report)
        LocationSuggestionFactory(community=f"Town {i}")
        indicator = IndicatorFactory(initiative=initiative, unit=Indicator.Unit.PERCENT)
        for group in ("all", "black", "hispanic"):
            MeasurementFactory(indicator=indicator, student_group=group, site=site)
        MembershipFactory(organization=org, status=Membership.Status.REQUESTED)
        OrganizationFactory(approved=False)


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/dashboard/?initiative=alpha&site=lynn&organization=north&since=2026-01-01&until=2026-12-31",
        "/dashboard/packet/",
        "/dashboard/organizations/north/",
    ],
)
def test_the_queries_do_not_grow_with_the_data(
    client, lead, network, url, django_assert_num_queries
):
    MembershipFactory(user=lead, organization=network["schools"])
    expected = {
        "/dashboard/": 40,
        "/dashboard/packet/": 20,
        "/dashboard/organizations/north/": 17,
    }.get(url, 40)
    grow(2)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# -- markup --


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_dashboard_pages_keep_the_markup_rules(
    client, lead, network, language, a_few_rows_at_once
):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD, created_by=lead, status=Job.Status.SUCCEEDED
    )
    for url in [
        "/dashboard/",
        "/dashboard/?initiative=alpha&since=2026-01-01&until=2026-06-30",
        "/dashboard/export/latest-updates.csv",  # too large at once: the page to start it
        f"/dashboard/exports/{job.pk}/",
        "/dashboard/packet/?initiative=alpha",
        "/dashboard/organizations/north/",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert markup_problems(page) == [], url
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), url


def test_export_files_are_deleted_after_a_week(client, lead, network):
    from coalition.tasks import purge_export_files

    old = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=lead,
        filename="engagement.csv",
        status=Job.Status.SUCCEEDED,
        output="Organization\r\n",
        finished_at=ago(8),
    )
    recent = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=lead,
        status=Job.Status.SUCCEEDED,
        output="Organization\r\n",
        finished_at=ago(6),
    )
    assert purge_export_files() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.output, recent.output) == ("", "Organization\r\n")
    response = client.get(f"/dashboard/exports/{old.pk}/download/", follow=True)
    assert "This file was deleted after a few days: prepare it again." in (
        response.content.decode()
    )


def test_a_figure_for_all_students_alone_has_no_gap(client, lead, network):
    rank = IndicatorFactory(
        initiative=network["beta"], name="Rank", slug="rank", unit=Indicator.Unit.RANK
    )
    MeasurementFactory(indicator=rank, period_label="2024", value=6)
    response = get(client, "?initiative=beta")
    views = {v.indicator.name: v for v in response.context["indicators"]}
    assert [[plain(cell) for cell in row] for row in views["Rank"].table.rows] == [
        ["All students", "6th", "", ""]
    ]
    rows = read_csv(client.get("/dashboard/export/equity-indicators.csv?initiative=beta"))
    assert [
        "Rank",
        "Network-wide",
        "2024",
        "All students",
        "Rank among states",
        "6.00",
        "",
        "",
    ] in rows


def test_staff_find_their_dashboard_from_the_organization_page(client, network):
    staff = verified_user("staff@example.org")
    MembershipFactory(user=staff, organization=network["families"])
    client.force_login(staff)
    link = 'href="/dashboard/organizations/families/"'
    assert link in client.get("/partners/families/").content.decode()
    assert link in client.get("/me/").content.decode()
    assert "/dashboard/organizations/north/" not in client.get("/partners/north/").content.decode()


def test_indicators_come_four_to_a_page(client, lead, network):
    for number in range(3):
        indicator = IndicatorFactory(initiative=network["alpha"], name=f"Reading {number}")
        for group in ("all", "black"):
            MeasurementFactory(indicator=indicator, student_group=group, period_label="2025")
    first = get(client)
    assert len(first.context["indicators"]) == 4
    page = first.content.decode()
    assert "Page 1 of 2" in page and 'href="?indicators=2#indicators"' in page
    second = get(client, "?indicators=2")
    # Figures with the most groups first, then by name.
    assert [v.indicator.name for v in first.context["indicators"]] == [
        "Math",
        "Graduates",
        "Reading 0",
        "Reading 1",
    ]
    assert [v.indicator.name for v in second.context["indicators"]] == ["Reading 2"]
    # A page past the end is the last one, not an error.
    assert get(client, "?indicators=9").context["indicators"][0].indicator.name == "Reading 2"


def test_a_small_capacity_alone_does_not_hide_the_fill_rate(client, lead, network):
    EventFactory(title="Tiny", slug="tiny", starts_at=ago(-3), capacity=3, hosts=[])
    found = tables(get(client))
    assert found["upcoming-events"][0][:1] + found["upcoming-events"][0][3:] == [
        "Tiny",
        3,
        0,
        "0%",
        0,
    ]
