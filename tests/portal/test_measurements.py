"""Leads record a figure by hand on /network/measurements/ (or import many) and page through
the figures; figures and dates that make no sense are refused beside their field or line."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.models import AuditLog, Job
from initiatives.models import Indicator, Measurement
from tests.factories import (
    DemonstrationSiteFactory,
    IndicatorFactory,
    InitiativeFactory,
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
        "period_label_en": "2024-25",
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
        # the first reads the person's roles into the cache
        client.get(URL, {"indicator": rate.slug})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"indicator": rate.slug})
        return len(queries), response.content.decode()

    small, _ = count()
    MeasurementFactory.create_batch(30, indicator=rate, site=DemonstrationSiteFactory())
    MeasurementFactory.create_batch(5, indicator=other)
    large, html = count()
    assert large == small
    assert "Attendance:" not in html


# Figures and dates that make sense


@pytest.fixture
def placements():
    initiative = InitiativeFactory(name="New Skills ready network", start_date=dt.date(2020, 1, 1))
    return IndicatorFactory(
        name="Summer work placements",
        unit=Indicator.Unit.COUNT,
        maximum=Decimal(5000),
        initiative=initiative,
    )


def errors_beside(response, field) -> str:
    html = response.content.decode()
    found = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert found, f"no errors beside {field}"
    return found.group(1)


def in_days(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"value": "999999999999"},
            "value",
            "Enter a value of at most 5,000: more is not plausible for “Summer work placements”.",
        ),
        ({"value": "-1"}, "value", "Enter a value of at least 0."),
        ({"value": "12.5"}, "value", "Enter a whole number."),
        (
            {"period_start": "2019-06-01"},
            "period_start",
            "New Skills ready network began on January 1, 2020: enter a date from then on.",
        ),
        (
            {"period_start": in_days(400)},
            "period_start",
            "Enter a period that starts within a year from today.",
        ),
        (
            {"as_of": "2019-12-31"},
            "as_of",
            "New Skills ready network began on January 1, 2020: enter a date from then on.",
        ),
        (
            {"as_of": in_days(1)},
            "as_of",
            "Enter the date its source gives the figure: not a date to come.",
        ),
    ],
)
def test_figures_and_dates_that_make_no_sense_are_refused_beside_their_field(
    client, lead, placements, overrides, field, message
):
    data = {**figure(placements, student_group="all", value="410"), **overrides}
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in errors_beside(response, field)
    assert not Measurement.objects.exists()
    assert not AuditLog.objects.filter(action="measurement.recorded").exists()


def test_a_plausible_figure_is_recorded_with_its_as_of_date(client, lead, placements):
    data = figure(placements, student_group="all", value="5000", as_of="2024-10-15")
    assert client.post(URL, data).status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.as_of) == (Decimal(5000), dt.date(2024, 10, 15))


IMPORT_HEADER = "indicator,period_start,period_label,student_group,value,site,source,as_of\n"


def test_an_import_names_the_line_and_column_of_each_figure_that_makes_no_sense(
    client, lead, placements, django_capture_on_commit_callbacks
):
    slug = placements.slug
    text = (
        IMPORT_HEADER
        + f"{slug},2024-06-01,Summer 2024,all,410,,PIC,2024-10-15\n"  # 2: fine
        + f"{slug},2023-06-01,Summer 2023,all,999999999999,,PIC,\n"  # 3: implausible
        + f"{slug},2019-06-01,Summer 2019,all,300,,PIC,\n"  # 4: before the initiative
        + f"{slug},{in_days(400)},Next summer,all,300,,PIC,\n"  # 5: far ahead
        + f"{slug},2022-06-01,Summer 2022,all,300,,PIC,{in_days(3)}\n"  # 6: as of a date to come
        + f"{slug},2021-06-01,Summer 2021,all,300,,PIC,someday\n"  # 7: not a date
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/network/imports/",
            {
                "kind": "import_measurements",
                "file": SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv"),
            },
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert [(p["line"], p["message"]) for p in job.errors] == [
        (
            3,
            "value: Enter a value of at most 5,000: more is not plausible for "
            "“Summer work placements”.",
        ),
        (
            4,
            "period_start: New Skills ready network began on January 1, 2020: enter a date "
            "from then on.",
        ),
        (5, "period_start: Enter a period that starts within a year from today."),
        (6, "as_of: Enter the date its source gives the figure: not a date to come."),
        (7, "as_of: enter a date like 2024-10-15, or leave it empty."),
    ]
    assert "value: Enter a value of at most 5,000" in page
    assert not Measurement.objects.exists()


def test_an_import_keeps_the_as_of_date(
    client, lead, placements, django_capture_on_commit_callbacks
):
    text = IMPORT_HEADER + f"{placements.slug},2024-06-01,Summer 2024,all,410,,PIC,2024-10-15\n"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/network/imports/",
            {
                "kind": "import_measurements",
                "file": SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv"),
            },
        )
    assert Measurement.objects.get().as_of == dt.date(2024, 10, 15)


def test_a_period_is_said_in_english_spanish_or_both(client, lead, rate):
    page = client.get(URL).text
    assert 'for="id_period_label_en">Period (English)' in page
    assert 'for="id_period_label_es">Period (Spanish)' in page
    refused = client.post(URL, figure(rate, period_label_en=""))
    assert refused.status_code == 400
    assert 'id="id_period_label_en_error"' in refused.text
    response = client.post(
        URL, figure(rate, period_label_en="Summer 2024", period_label_es="Verano")
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (measurement.period_label_en, measurement.period_label_es) == ("Summer 2024", "Verano")
    assert "Verano · " in client.get(URL, HTTP_ACCEPT_LANGUAGE="es").text
