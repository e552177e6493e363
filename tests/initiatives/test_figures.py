"""A figure must fit its indicator's unit, and the services themselves refuse one that does not:
whatever calls them (a form, the CSV import, a script), nothing is stored."""

import datetime as dt
import re
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
    join_staff,
    progress_update,
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


# Through the update form: what the person sees, and that nothing is stored.


def form_url(objective):
    return f"/initiatives/objectives/{objective.slug}/update/"


@pytest.fixture
def placements():
    """The objective the 999,999,999,999 placements were posted on, with its plausible maximum."""
    indicator = IndicatorFactory(
        name="Summer work placements", unit=Indicator.Unit.COUNT, maximum=Decimal(5000)
    )
    return ObjectiveFactory(
        slug="sustain-summer-work-placements",
        owners=[OrganizationFactory(name="Private Industry Council")],
        indicator=indicator,
        initiative=indicator.initiative,
    )


@pytest.fixture
def staff(client, placements):
    user = verified_user("staff@example.org")
    join_staff(placements.owners.get(), user)
    client.force_login(user)
    return user


def posted(placements, **overrides):
    return {
        "organization": placements.owners.get().pk,
        "status": "on_track",
        "value": "410",
        "language": "en",
        "narrative_en": "Placements for the summer are confirmed.",
        "evidence_url": "",
        "visibility": "public",
        **overrides,
    }


def field_errors(response, field) -> str:
    html = response.content.decode()
    found = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert found, f"no errors beside {field}"
    return found.group(1)


def test_a_figure_above_the_plausible_maximum_is_refused_beside_the_field(
    client, staff, placements
):
    response = client.post(form_url(placements), posted(placements, value="999999999999"))
    assert response.status_code == 400
    assert (
        "Enter a value of at most 5,000: more is not plausible for “Summer work placements”."
        in field_errors(response, "value")
    )
    assert not ProgressUpdate.objects.exists()
    assert not AuditLog.objects.filter(action="progress.posted").exists()
    # The figure at the maximum is fine.
    assert client.post(form_url(placements), posted(placements, value="5000")).status_code == 302


def test_a_count_without_a_maximum_still_has_a_backstop(client, staff, placements):
    Indicator.objects.update(maximum=None)
    response = client.post(form_url(placements), posted(placements, value="999999999999"))
    assert response.status_code == 400
    assert "Enter a value of at most 20,000,000." in field_errors(response, "value")
    assert not ProgressUpdate.objects.exists()


def test_the_tick_is_not_offered_until_a_figure_is_far(client, staff, placements):
    html = client.get(form_url(placements)).content.decode()
    assert 'type="hidden" name="confirm_figure"' in html
    assert "Number, at most 5,000" in html
    assert 'type="checkbox" name="confirm_figure"' not in html


@pytest.mark.parametrize("value", ["4001", "39.00", "0"])
def test_a_figure_far_from_the_last_one_must_be_confirmed(client, staff, placements, value):
    progress_update(placements, organization=placements.owners.get(), value=Decimal(400))
    response = client.post(form_url(placements), posted(placements, value=value))
    assert response.status_code == 400
    assert "This figure is far from the last one reported (400)." in field_errors(response, "value")
    html = response.content.decode()
    assert 'type="checkbox" name="confirm_figure"' in html
    assert '<label for="id_confirm_figure">I confirm this figure:</label>' in html
    assert ProgressUpdate.objects.count() == 1

    response = client.post(
        form_url(placements), posted(placements, value=value, confirm_figure="on")
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(author=staff)
    assert update.value == Decimal(value)
    entry = AuditLog.objects.get(action="progress.posted", actor=staff)
    assert entry.data["figure_confirmed"] is True
    assert entry.data["previous_figure"] == "400.00"


@pytest.mark.parametrize("value", ["4000", "40", "410"])
def test_a_figure_within_ten_times_needs_no_tick(client, staff, placements, value):
    progress_update(placements, organization=placements.owners.get(), value=Decimal(400))
    assert client.post(form_url(placements), posted(placements, value=value)).status_code == 302
    entry = AuditLog.objects.get(action="progress.posted", actor=staff)
    assert "figure_confirmed" not in entry.data


def test_a_first_figure_needs_no_tick(client, staff, placements):
    assert client.post(form_url(placements), posted(placements, value="4900")).status_code == 302


def test_the_tick_does_not_let_an_implausible_figure_through(client, staff, placements):
    progress_update(placements, organization=placements.owners.get(), value=Decimal(400))
    response = client.post(
        form_url(placements), posted(placements, value="999999999999", confirm_figure="on")
    )
    assert response.status_code == 400
    assert "at most 5,000" in field_errors(response, "value")
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "data:text/html,<b>hi</b>", "ftp://example.org/report"]
)
def test_evidence_that_is_not_a_web_address_is_refused(client, staff, placements, link):
    response = client.post(form_url(placements), posted(placements, evidence_url=link))
    assert response.status_code == 400
    assert "Enter a valid URL." in field_errors(response, "evidence_url")
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("link", ["ftp://example.org/report", "javascript:alert(1)"])
def test_the_service_itself_refuses_a_link_that_is_not_http(lead, link):
    objective = objective_measured_in(Indicator.Unit.COUNT)
    with pytest.raises(ValidationError) as refused:
        post(objective, "4", lead, evidence_url=link)
    assert refused.value.message_dict == {
        "evidence_url": ["Enter a web address starting with http:// or https://."]
    }
    assert not ProgressUpdate.objects.exists()


def test_an_update_carries_no_date_of_its_own(client, staff, placements):
    """Its date is when it is posted: a date sent with the form is ignored."""
    client.post(form_url(placements), posted(placements, created_at="1999-01-01"))
    assert ProgressUpdate.objects.get().created_at.year > 2000


def test_the_plausible_maximum_is_set_in_the_admin(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/initiatives/indicator/add/").content.decode()
    assert 'name="maximum"' in html


def test_a_maximum_outside_the_unit_is_refused():
    for unit, maximum in ((Indicator.Unit.PERCENT, "120"), (Indicator.Unit.COUNT, "0")):
        indicator = IndicatorFactory.build(unit=unit, maximum=Decimal(maximum))
        with pytest.raises(ValidationError) as refused:
            indicator.clean()
        assert "maximum" in refused.value.message_dict


def test_the_admin_refuses_a_measurement_that_makes_no_sense(client, superuser):
    client.force_login(superuser)
    indicator = IndicatorFactory(unit=Indicator.Unit.PERCENT)
    response = client.post(
        "/admin/initiatives/measurement/add/",
        {
            "indicator": indicator.pk,
            "period_start": "2024-09-01",
            "period_label_en": "2024-25",
            "value": "120",
            "student_group": StudentGroup.ALL,
        },
    )
    assert response.status_code == 200
    assert "Enter a value of at most 100." in response.content.decode()
    assert not Measurement.objects.exists()
