"""Leads record a figure by hand on /network/measurements/ and page through the figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import AuditLog
from initiatives.models import Indicator, Measurement
from tests.factories import (
    DemonstrationSiteFactory,
    IndicatorFactory,
    MeasurementFactory,
    verified_user,
    with_two_factor,
)

pytestmark = pytest.mark.django_db
URL = "/network/measurements/"


@pytest.fixture
def lead(client):
    user = with_two_factor(verified_user("lead@example.org", is_coalition_lead=True))
    client.force_login(user)
    return user


@pytest.fixture
def rate():
    return IndicatorFactory(name="Graduation rate", unit=Indicator.Unit.PERCENT)


def figure(indicator, **overrides):
    data = {
        "indicator": indicator.pk,
        "period_start": "2024-09-01",
        "period_label": "2024-25",
        "student_group": "low_income",
        "site": "",
        "value": "81.5",
        "source": "DESE",
    }
    data.update(overrides)
    return data


def test_a_lead_records_a_figure(client, lead, rate):
    site = DemonstrationSiteFactory(name="Lynn")
    response = client.post(URL, figure(rate, site=site.pk))
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.student_group, str(measurement.value), measurement.site) == (
        "low_income",
        "81.50",
        site,
    )
    assert measurement.recorded_by == lead
    assert AuditLog.objects.filter(action="measurement.recorded").exists()
    assert "Graduation rate: 81.50" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"value": "120"}, "value", "at most 100"),
        ({"value": ""}, "value", "This field is required."),
        ({"period_start": "soon"}, "period_start", "Enter a valid date."),
        ({"student_group": "tall"}, "student_group", "Select a valid choice."),
    ],
)
def test_bad_figures_are_refused_next_to_their_field(client, lead, rate, overrides, field, message):
    response = client.post(URL, figure(rate, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    errors = html[html.index(f'id="id_{field}_error"') :][:300]
    assert message in errors
    assert not Measurement.objects.exists()


def test_the_same_figure_twice_is_refused_clearly(client, lead, rate):
    client.post(URL, figure(rate))
    response = client.post(URL, figure(rate, value="70"))
    assert response.status_code == 400
    assert "already recorded" in response.content.decode()
    assert str(Measurement.objects.get().value) == "81.50"


def test_the_list_filters_by_indicator_and_runs_the_same_queries_whatever_its_size(
    client, lead, rate
):
    other = IndicatorFactory(name="Attendance")
    MeasurementFactory.create_batch(3, indicator=rate)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"indicator": rate.slug})
        return len(queries), response.content.decode()

    small, _ = count()
    MeasurementFactory.create_batch(30, indicator=rate, site=DemonstrationSiteFactory())
    MeasurementFactory.create_batch(5, indicator=other)
    large, html = count()
    assert large == small
    assert "Attendance:" not in html
