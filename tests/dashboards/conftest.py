"""The network the dashboard tests count by hand, and a lead to look at it."""

import datetime as dt

import pytest
import time_machine

from events.models import Event, LocationSuggestion, Registration
from initiatives.models import Indicator, Objective, ProgressStatus, ProgressUpdate
from partners.models import Membership, Sector
from tests.dashboards.helpers import NOW, ago, day, register
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
    SessionReportFactory,
    ThemeFactory,
    UserFactory,
    two_factor_lead,
)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lead(client):
    user = two_factor_lead("lead@example.org", name="Dana Lead")
    client.force_login(user)
    return user


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
    register(up_one, 3, interpretation_language="es", children_count=2, needs_transportation=True)
    register(up_one, 3, interpretation_language="es", needs_transportation=True)
    register(up_one, 2, interpretation_language="pt")
    register(up_one, 4)
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
    register(up_two, 4)
    register(up_two, 3, status=Registration.Status.WAITLISTED)
    past_one = EventFactory(
        title="Past one",
        slug="past-one",
        initiative=alpha,
        site=lynn,
        hosts=[schools],
        starts_at=ago(30),
        capacity=None,
    )
    register(past_one, 8, created=ago(40), checked_in_at=ago(30))
    register(past_one, 2, created=ago(40))
    register(past_one, 1, created=ago(40), status=Registration.Status.CANCELLED)
    past_two = EventFactory(
        title="Past two",
        slug="past-two",
        initiative=beta,
        site=holyoke,
        city="Holyoke",
        hosts=[families],
        starts_at=ago(60),
    )
    register(past_two, 2, created=ago(70), checked_in_at=ago(60))
    register(past_two, 1, created=ago(70))
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


@pytest.fixture
def a_few_rows_at_once(settings):
    settings.DASHBOARD_EXPORT_ROWS_AT_ONCE = 3
