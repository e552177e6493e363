"""One definition of each figure: for every panel and every filter (each alone and all
together), the dashboard, the CSV and the board packet show the same rows and figures."""

import pytest
from django.utils import timezone

from dashboards.panels import TABLES
from dashboards.tables import Table
from events.models import Event
from tests.dashboards.helpers import read_csv
from tests.support.provenance import badges, element_with

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "initiative=alpha",
    "initiative=beta",
    "site=lynn",
    "site=holyoke",
    "organization=north",
    "organization=families",
    "since=2026-05-01",
    "until=2026-06-01",
    "since=2026-04-01&until=2026-05-31",
    "initiative=alpha&site=lynn&organization=north&since=2026-01-01&until=2026-06-10",
]


def _tables(response) -> dict[str, Table]:
    return {table.name: table for panel in response.context["panels"] for table in panel.tables}


def _csv_rows(table: Table) -> list[list[str]]:
    return [table.csv_row(row) for row in table.rows]


def _as_of_line(response) -> list[str]:
    """The CSV's first line: the time of the snapshot the page shows."""
    computed_at = timezone.localtime(response.context["snapshot"].computed_at)
    return [f"Figures as of {computed_at:%Y-%m-%d %H:%M}"]


@pytest.mark.parametrize("query", FILTERS)
def test_the_page_the_csv_and_the_packet_agree(client, lead, network, query):
    page_response = client.get(f"/dashboard/?{query}")
    packet_response = client.get(f"/dashboard/packet/?{query}")
    # One snapshot: the same time on the page, in the packet and on each CSV's first line.
    assert packet_response.context["snapshot"] == page_response.context["snapshot"]
    page, packet = _tables(page_response), _tables(packet_response)
    for name in TABLES:
        if name == "equity-indicators":
            continue  # one table per indicator on the page; checked below
        on_page, in_packet = page[name], packet[name]
        csv = read_csv(client.get(f"/dashboard/export/{name}.csv?{query}"), as_of=True)
        assert csv[0] == _as_of_line(page_response), (name, query)
        csv = csv[1:]
        if on_page.not_applied:
            assert csv[0] == [on_page.not_applied], (name, query)
            csv = csv[1:]
        assert csv[0] == on_page.csv_header, (name, query)
        # Same figures: every row on the page is in the CSV (lists in the same order; grouped
        # tables show their largest groups), and the packet's are the page's.
        for row in _csv_rows(on_page):
            assert row in csv[1:], (name, query, row)
        assert _csv_rows(in_packet) == _csv_rows(on_page), (name, query)
        assert on_page.total == in_packet.total == len(csv) - 1, (name, query)
        assert on_page.not_applied == in_packet.not_applied, (name, query)


@pytest.mark.parametrize("query", FILTERS)
def test_every_indicator_figure_on_the_page_is_in_the_csv(client, lead, network, query):
    page = client.get(f"/dashboard/?{query}")
    packet = client.get(f"/dashboard/packet/?{query}")
    csv = read_csv(client.get(f"/dashboard/export/equity-indicators.csv?{query}"))
    names = {(row[0], row[3]) for row in csv if len(row) > 3}
    shown = [(v.indicator.name, v.table.rows) for v in page.context["indicators"]]
    for indicator, rows in shown:
        for row in rows:
            assert (indicator, row[0]) in names, (indicator, row[0], query)
    assert [v.table.rows for v in packet.context["indicators"]][: len(shown)] == [
        rows for _, rows in shown
    ]


def test_the_headline_figures_agree_with_their_panels(client, lead, network):
    query = "since=2026-04-01&until=2026-06-15"
    response = client.get(f"/dashboard/?{query}")
    figures = {f.key: f for f in response.context["headline"]["figures"]}
    found = _tables(response)
    on_track = sum(row[3] for row in found["objectives-by-status"].rows)
    assert figures["on-track"].value == on_track
    assert figures["partners"].value == found["engagement"].total
    assert figures["sessions"].value == len(found["attendance"].rows) == 2
    packet = client.get(f"/dashboard/packet/?{query}")
    assert [(f.key, f.value, f.previous) for f in packet.context["headline"]["figures"]] == [
        (f.key, f.value, f.previous) for f in figures.values()
    ]
    page = response.content.decode()
    assert 'href="#objectives-by-status-heading">Objectives on track</a>' in page


def test_the_browns_promise_case_the_packet_counts_statuses_at_the_ranges_end(
    client, lead, network
):
    # A range that ended before any update: nothing on track, in the page as in the packet.
    query = "initiative=alpha&since=2025-01-01&until=2025-12-31"
    page, packet = (_tables(client.get(f"/dashboard/{path}?{query}")) for path in ("", "packet/"))
    assert page["objectives-by-status"].rows == packet["objectives-by-status"].rows
    assert [row[3:5] for row in page["objectives-by-status"].rows] == [[0, 0], [0, 0]]


def test_staff_waiting_for_approval_follow_the_initiative(client, lead, network):
    # Jo asks to join Quiet Fund, a partner of Beta only.
    assert [
        r[0] for r in _tables(client.get("/dashboard/?initiative=beta"))["pending-memberships"].rows
    ] == ["Jo Asking"]
    assert _tables(client.get("/dashboard/?initiative=alpha"))["pending-memberships"].rows == []


def test_headline_figures_compare_with_the_period_before_and_hide_small_counts(
    client, lead, network
):
    response = client.get("/dashboard/?since=2026-04-01&until=2026-06-15")
    figures = {f.key: f for f in response.context["headline"]["figures"]}
    # 8 came to Past one and 2 to Past two; nothing in the 76 days before.
    assert (figures["reached"].value, figures["reached"].previous) == (10, 0)
    assert figures["reached"].change == "+10"
    assert figures["on-track"].change == "no change"  # A1 went at risk two days ago
    # Beta alone: 2 people came, shown as fewer than 5, and so not compared.
    beta = client.get("/dashboard/?initiative=beta&since=2026-04-01&until=2026-06-15")
    reached = next(f for f in beta.context["headline"]["figures"] if f.key == "reached")
    assert str(reached.value) == "fewer than 5" and reached.change == "no comparison"
    page = beta.content.decode()
    assert "fewer than 5" in element_with(page, 'id="figure-reached"')


def test_a_headline_figure_counted_from_example_rows_carries_the_badge(client, lead, network):
    Event.objects.filter(slug="past-one").update(is_example=True)
    for url in ["/dashboard/", "/dashboard/packet/"]:
        page = client.get(url).content.decode()
        assert badges(element_with(page, 'id="figure-sessions"')) == 1, url
        assert "badge--example" not in element_with(page, 'id="figure-on-track"'), url
