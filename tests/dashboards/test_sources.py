"""Where a table's sources are said: once under it when every row names the same one, on each
row when they differ; on every row of the CSV either way."""

import pytest

from tests.dashboards.helpers import get, read_csv
from tests.support.provenance import element_with

pytestmark = pytest.mark.django_db

SOURCE_HEADER = '<th scope="col">Source</th>'


def test_a_source_every_row_shares_is_said_once_under_the_table(client, lead, network):
    page = get(client).content.decode()
    table = element_with(page, 'id="organizations-by-sector-heading"', tag="section")
    said = "Source: The partner directory, as of June 15, 2026"
    assert table.count(said) == 1
    assert table.index("</table>") < table.index(said)
    assert SOURCE_HEADER not in table
    assert table.count("<tr>") == 4  # the header and three sectors
    # The CSV keeps it on every row.
    lines = read_csv(client.get("/dashboard/export/organizations-by-sector.csv"))
    assert lines[0][-3:] == ["Source", "As of", "Example"]
    assert [line[-3:] for line in lines[1:]] == [["The partner directory", "2026-06-15", "no"]] * 3


def test_sources_that_differ_stay_on_each_row(client, lead, network):
    page = get(client).content.decode()
    table = element_with(page, 'id="latest-updates-heading"', tag="section")
    assert SOURCE_HEADER in table
    assert table.count('class="provenance"') == 4
    assert "Source: North Schools, as of June 13, 2026" in table
