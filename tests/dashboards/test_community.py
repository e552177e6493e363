"""The community input panel: location suggestions and what we heard."""

import pytest

from tests.dashboards.helpers import get, tables

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
