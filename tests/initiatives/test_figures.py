"""A figure must fit its indicator's unit, and the services themselves refuse one that does not:
whatever calls them (a form, the CSV import, a script), nothing is stored."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coalition.models import AuditLog
from initiatives import services
from initiatives.models import Indicator, Measurement, ProgressUpdate, StudentGroup
from tests.factories import (
    IndicatorFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    verified_user,
)

pytestmark = pytest.mark.django_db

WRONG = [
    (Indicator.Unit.PERCENT, "100.01", "Enter a value of at most 100."),
    (Indicator.Unit.PERCENT, "-1", "Enter a value of at least 0."),
    (Indicator.Unit.COUNT, "2.5", "Enter a whole number."),
    (Indicator.Unit.COUNT, "-3", "Enter a value of at least 0."),
    (Indicator.Unit.DOLLARS, "-0.01", "Enter a value of at least 0."),
    (Indicator.Unit.RANK, "0", "Enter a value of at least 1."),
    (Indicator.Unit.RANK, "51", "Enter a value of at most 50."),
    (Indicator.Unit.RANK, "4.5", "Enter a whole number."),
]
RIGHT = [
    (Indicator.Unit.PERCENT, "0"),
    (Indicator.Unit.PERCENT, "100"),
    (Indicator.Unit.COUNT, "1055"),
    (Indicator.Unit.DOLLARS, "2500000.50"),
    (Indicator.Unit.RANK, "1"),
    (Indicator.Unit.RANK, "50"),
]


@pytest.fixture
def lead():
    return verified_user("lead@example.org", is_coalition_lead=True)


def record(indicator, value, actor):
    return services.measurement_record(
        actor=actor,
        indicator=indicator,
        period_start=dt.date(2024, 9, 1),
        period_label="2024-25",
        student_group=StudentGroup.ALL,
        site=None,
        value=Decimal(value),
        source="DESE",
    )


def post(objective, value, author, **fields):
    return services.progress_update_create(
        objective=objective,
        author=author,
        organization=objective.owners.get(),
        status="on_track",
        narrative="Three more schools joined the pilot.",
        value=Decimal(value),
        **fields,
    )


def objective_measured_in(unit):
    return ObjectiveFactory(owners=[OrganizationFactory()], indicator=IndicatorFactory(unit=unit))


@pytest.mark.parametrize("unit, value, message", WRONG)
def test_a_measurement_outside_its_unit_is_refused_on_the_value_field(lead, unit, value, message):
    with pytest.raises(ValidationError) as refused:
        record(IndicatorFactory(unit=unit), value, lead)
    assert refused.value.message_dict == {"value": [message]}
    assert not Measurement.objects.exists()
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("unit, value, message", WRONG)
def test_an_update_outside_its_unit_is_refused_on_the_value_field(lead, unit, value, message):
    objective = objective_measured_in(unit)
    milestone = MilestoneFactory(objective=objective)
    with pytest.raises(ValidationError) as refused:
        post(objective, value, lead, milestones=[milestone])
    assert refused.value.message_dict == {"value": [message]}
    assert not ProgressUpdate.objects.exists()
    milestone.refresh_from_db()
    assert milestone.completed_on is None
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("unit, value", RIGHT)
def test_figures_inside_their_unit_are_stored(lead, unit, value):
    assert record(IndicatorFactory(unit=unit), value, lead).value == Decimal(value)
    assert post(objective_measured_in(unit), value, lead).value == Decimal(value)


def test_an_update_of_an_objective_without_indicator_drops_its_figure(lead):
    objective = ObjectiveFactory(owners=[OrganizationFactory()], indicator=None)
    assert post(objective, "-7.5", lead).value is None
