"""The community input panel: location suggestions and what we heard."""

import pytest

from tests.dashboards.helpers import get, tables

pytestmark = pytest.mark.django_db


def test_suggestions_themes_and_themes_without_objectives(client, lead, network):
    found = tables(get(client))
    assert found["suggestions"] == [["Lynn", 2, 0, 1, 0, 3], ["Holyoke", 1, 0, 0, 0, 1]]
    assert [[row[0], row[1], row[3]] for row in found["themes"]] == [
        ["Safer routes", "Past one", ["A1"]],
        ["More interpreters", "Past one", []],
    ]
    assert [row[0] for row in found["unanswered-themes"]] == ["More interpreters"]
