"""Figures on an initiative's page as a Spanish reader in Massachusetts reads them: grouped and
pointed the way the United States writes them (Spain's "4 100 000" and "3,5" read wrong here)."""

import datetime as dt
from decimal import Decimal

import pytest

from initiatives.models import Indicator
from tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    """The city's $4.1 million for youth jobs in summer 2020, and a rate with a decimal."""
    funding = IndicatorFactory(name="City funding for youth employment", unit="dollars")
    MeasurementFactory(
        indicator=funding,
        period_start=dt.date(2020, 6, 1),
        period_label="Summer 2020",
        value=Decimal("4100000"),
        as_of=dt.date(2020, 6, 1),
    )
    rate = IndicatorFactory(initiative=funding.initiative, unit=Indicator.Unit.PERCENT)
    MeasurementFactory(indicator=rate, period_label="2024-25", value=Decimal("3.5"))
    return funding.initiative


def _page(client, initiative, language):
    client.cookies["django_language"] = language
    response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_figures_read_the_us_way_in_spanish_as_in_english(client, figures):
    spanish = _page(client, figures, "es")
    assert "$4,100,000" in spanish
    assert "3.5%" in spanish
    assert "4\xa0100\xa0000" not in spanish and "3,5%" not in spanish
    english = _page(client, figures, "en")
    assert "$4,100,000" in english and "3.5%" in english
