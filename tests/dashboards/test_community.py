"""The community input panel: location suggestions and what we heard."""

import pytest

from dashboards.tables import LINKS_SHOWN
from tests.dashboards.helpers import ago, get, read_csv, tables
from tests.factories import EventFactory, SessionReportFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_suggestions_themes_and_themes_without_objectives(client, lead, network):
    found = tables(get(client))
    assert found["suggestions"] == [["Lynn", 2, 0, 1, 0, 3], ["Holyoke", 1, 0, 0, 0, 1]]
    # A row per theme, with the sessions it was heard at (the latest first, then by title).
    assert found["themes"] == [
        ["More interpreters", 1, ["Past one (May 16, 2026)"], []],
        ["Safer routes", 1, ["Past one (May 16, 2026)"], ["A1"]],
    ]
    assert [row[0] for row in found["unanswered-themes"]] == ["More interpreters"]


def test_a_theme_heard_at_many_sessions_lists_the_first_and_how_many_more(client, lead, network):
    """The page stays small however often a theme comes up: the first LINKS_SHOWN sessions and
    the number of the others; the CSV lists every one."""
    for n in range(LINKS_SHOWN + 2):
        event = EventFactory(title=f"Again {n}", starts_at=ago(30 + n), status="published")
        ThemeFactory(report=SessionReportFactory(event=event, published_at=ago(5)), title="Busy")
    response = get(client)
    busy = next(row for row in tables(response)["themes"] if row[0] == "Busy")
    assert busy[1] == LINKS_SHOWN + 2
    # The latest first, each with its day.
    assert [str(link).split(" (")[0] for link in busy[2]] == [
        f"Again {n}" for n in range(LINKS_SHOWN)
    ]
    assert "and 2 more (the CSV lists them all)" in response.content.decode()
    rows = read_csv(client.get("/dashboard/export/themes.csv"))
    heard_at = next(row for row in rows if row[0] == "Busy")[2]
    assert heard_at.count("Again") == LINKS_SHOWN + 2
