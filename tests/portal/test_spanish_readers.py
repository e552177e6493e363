"""A lead reading in Spanish records a figure: the form takes what its inputs send (an ISO date,
a decimal point) and the list writes the figure back the same way."""

from decimal import Decimal

import pytest

from initiatives.models import Indicator, Measurement
from tests.factories import IndicatorFactory, two_factor_lead

pytestmark = pytest.mark.django_db
URL = "/network/measurements/"


def test_a_figure_recorded_in_spanish(client):
    client.force_login(two_factor_lead())
    client.cookies["django_language"] = "es"
    rate = IndicatorFactory(name="Graduation rate", unit=Indicator.Unit.PERCENT)
    response = client.post(
        URL,
        {
            "indicator": rate.pk,
            "period_start": "2024-09-01",
            "period_label_es": "2024-25",
            "student_group": "all",
            "site": "",
            "value": "81.5",
            "source": "DESE",
            "as_of": "2024-10-15",
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("81.5")
    assert str(measurement.as_of) == "2024-10-15"
    page = client.get(URL).text
    # The indicator has no Spanish name: it is shown in English, marked as English.
    assert '<span lang="en">Graduation rate</span>: 81.50' in page
    assert "81,50" not in page
