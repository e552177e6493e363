"""The dashboard as a Spanish reader in Massachusetts reads it: headings over counts in the
plural, figures and dates the way they are written here, and CSV files a spreadsheet reads
the same in either language."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from initiatives.models import Indicator
from tests.dashboards.helpers import get, read_csv
from tests.factories import EventFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

# An upcoming session on Tuesday, November 10, 2026 at 6 p.m. in Massachusetts (EST).
STARTS = dt.datetime(2026, 11, 10, 18, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def november(network):
    """The network, with a session in November and the city's $4.1 million for youth jobs."""
    EventFactory(
        title="Sesión de noviembre",
        slug="sesion-de-noviembre",
        initiative=network["alpha"],
        hosts=[network["schools"]],
        starts_at=STARTS,
        capacity=40,
    )
    funding = IndicatorFactory(
        initiative=network["alpha"],
        name="City funding for youth employment",
        slug="youth-employment-funding",
        unit=Indicator.Unit.DOLLARS,
    )
    MeasurementFactory(
        indicator=funding,
        period_start=dt.date(2025, 6, 1),
        period_label="Summer 2025",
        value=Decimal("4100000"),
    )
    return network


def _headings(page, table):
    section = page[page.index(f'id="{table}-heading"') :]
    head = section[section.index("<thead>") : section.index("</thead>")]
    return re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', head)


def test_headings_over_counts_are_plural_in_spanish(client, lead, november):
    client.cookies["django_language"] = "es"
    page = get(client).text
    upcoming = _headings(page, "upcoming-events")
    assert upcoming[3:7] == ["Cupo", "Confirmadas", "Ocupación", "Lista de espera"]
    assert _headings(page, "attendance")[3:6] == ["Confirmadas", "Llegaron", "Asistencia"]
    assert "Cumplidos" in _headings(page, "objectives-by-status")
    assert "Confirmada" not in upcoming


def test_table_dates_and_figures_in_spanish_and_in_english(client, lead, november):
    client.cookies["django_language"] = "es"
    spanish = get(client).text
    assert "10 nov. 2026, 6:00 p. m." in spanish
    assert "$4,100,000" in spanish
    assert "4\xa0100\xa0000" not in spanish and "11/10/2026" not in spanish

    client.cookies["django_language"] = "en"
    english = get(client).text
    assert "Nov. 10, 2026, 6 p.m." in english
    assert "$4,100,000" in english
    assert "11/10/2026" not in english
    assert _headings(english, "upcoming-events")[3:6] == ["Capacity", "Confirmed", "Full"]


def test_csv_files_stay_machine_readable_in_spanish(client, lead, november):
    client.cookies["django_language"] = "es"
    rows = read_csv(client.get("/dashboard/export/upcoming-events.csv"))
    assert rows[0][:5] == ["Evento", "Comienza", "Comunidad", "Cupo", "Confirmadas"]
    [november_row] = [row for row in rows if row[0] == "Sesión de noviembre"]
    assert november_row[1:5] == ["2026-11-10 18:00", "Lynn", "40", "0"]

    rows = read_csv(client.get("/dashboard/export/equity-indicators.csv"))
    [funding] = [row for row in rows if row[0] == "City funding for youth employment"]
    assert funding[5] == "4100000.00"
