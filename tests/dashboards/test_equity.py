"""The equity indicators panel: gaps between student groups, pages of indicators, and every
figure in long form in the CSV."""

import pytest

from initiatives.models import Indicator
from tests.dashboards.helpers import get, plain, read_csv
from tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


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
        "Source",
        "As of",
        "Example",
    ]
    rows = [row[:-3] for row in rows]
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
    ] in [row[:-3] for row in rows]


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


def test_a_group_figure_without_one_for_all_students_exports_without_that_gap(
    client, lead, network
):
    rate = IndicatorFactory(initiative=network["beta"], name="Rate", slug="rate")
    MeasurementFactory(indicator=rate, period_label="2024", value=40, student_group="asian")
    MeasurementFactory(indicator=rate, period_label="2024", value=30, student_group="white")

    response = client.get("/dashboard/export/equity-indicators.csv?initiative=beta")

    assert response.status_code == 200
    rows = [row for row in read_csv(response) if row[0] == "Rate"]
    # No figure for all students: no gap to it, rather than an error.
    assert [(row[3], row[5], row[6]) for row in rows] == [
        ("Asian", "40.00", ""),
        ("White", "30.00", ""),
    ]


def test_figures_from_example_rows_carry_the_badge_on_the_page_packet_and_csv(
    client, lead, network
):
    from initiatives.models import Measurement

    Measurement.objects.filter(indicator__slug="math").update(
        is_example=True, source="Example district report"
    )
    badge = 'class="badge badge--example"'
    for url in ["/dashboard/", "/dashboard/packet/"]:
        page = client.get(url).content.decode()
        start = page.index("Math, Lynn, by student group")
        heading = page[start : page.index("</h", start)]
        assert badge in heading, url
        assert "Example district report" in page, url
    rows = read_csv(client.get("/dashboard/export/equity-indicators.csv"))
    header = rows[0]
    example, source = header.index("Example"), header.index("Source")
    math = [row for row in rows[1:] if row[0] == "Math"]
    assert math and all(row[example] == "yes" for row in math)
    assert all(row[source] == "Example district report" for row in math)
    assert all(row[example] == "no" for row in rows[1:] if row[0] == "Graduates")
