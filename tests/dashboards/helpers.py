"""What the dashboard tests share: the moment they run at, reading tables off the page and
the CSV, and more of everything to count."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

from dashboards.tables import FEWER, Link, Links, Narrative, Percent, Source
from events.models import Registration
from initiatives.models import Indicator, Objective
from partners.models import Membership
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
)

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def ago(days):
    return NOW - dt.timedelta(days=days)


def day(days_ago):
    return ago(days_ago).date()


def register(event, count, *, created=None, **fields):
    people = RegistrationFactory.create_batch(count, event=event, **fields)
    if created:
        Registration.objects.filter(pk__in=[p.pk for p in people]).update(created_at=created)
    return people


def plain(cell):
    if isinstance(cell, Link):
        return cell.text
    if isinstance(cell, Links):
        return [link.text for link in cell.items]
    if cell is FEWER:
        return "fewer than 5"
    if isinstance(cell, Percent):
        return f"{cell.value}%"
    if isinstance(cell, Narrative):
        return cell.text
    return cell


def tables(response):
    """Each table's rows in plain values, without their sources (see `sources`)."""
    found = {}
    for panel in response.context["panels"]:
        for table in panel.tables:
            found[table.name] = [
                [plain(cell) for cell in row if not isinstance(cell, Source)] for row in table.rows
            ]
    return found


def sources(response, name):
    """The source of each row of a table: (source, as of, example)."""
    for panel in response.context["panels"]:
        for table in panel.tables:
            if table.name == name:
                return [
                    (cell.source, cell.as_of, cell.is_example)
                    for row in table.rows
                    for cell in row
                    if isinstance(cell, Source)
                ]
    raise KeyError(name)


def get(client, query=""):
    response = client.get(f"/dashboard/{query}")
    assert response.status_code == 200, response.content.decode()[:3000]
    return response


def read_csv(response, *, as_of=False):
    """The CSV's lines, without its first (when its figures were computed) unless `as_of`."""
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text[1:])))
    assert len(lines[0]) == 1 and lines[0][0].startswith(("Figures as of ", "Cifras al ")), lines
    return lines if as_of else lines[1:]


def grow(n):
    """n more of everything the dashboard counts, spread like the `network` fixture."""
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
            register(event, 6, interpretation_language="es", checked_in_at=starts)
        report = SessionReportFactory(event=event)
        ThemeFactory(report=report).objectives.set([objective])
        ThemeFactory(report=report)
        LocationSuggestionFactory(community=f"Town {i}")
        indicator = IndicatorFactory(initiative=initiative, unit=Indicator.Unit.PERCENT)
        for group in ("all", "black", "hispanic"):
            MeasurementFactory(indicator=indicator, student_group=group, site=site)
        MembershipFactory(organization=org, status=Membership.Status.REQUESTED)
        OrganizationFactory(approved=False)
