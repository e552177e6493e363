"""The feedback panel: needs met by need and community, from the answers after each session,
with small counts hidden, on the page, in the CSV and in the snapshot."""

import datetime as dt

import pytest
import time_machine

from events import services
from tests.dashboards.helpers import NOW, ago, get, read_csv, tables
from tests.events.helpers import confirmed
from tests.factories import EventFactory, EventLanguageFactory

pytestmark = pytest.mark.django_db


def held(city, days_ago):
    event = EventFactory(
        city=city,
        starts_at=ago(days_ago),
        ends_at=ago(days_ago) + dt.timedelta(hours=2),
        childcare_offered=True,
    )
    EventLanguageFactory(event=event, language="es", interpretation=True)
    return event


def answer(event, *, met, **needs):
    registration = confirmed(event, **needs)
    with time_machine.travel(event.ends_at + dt.timedelta(hours=14), tick=False):
        services.feedback_create(registration=registration, usefulness=4, met=met)


@pytest.fixture
def answers(frozen):
    lynn, holyoke = held("Lynn", 10), held("Holyoke", 20)
    for _ in range(5):
        answer(lynn, met={"childcare": "yes"}, children_count=1)
    answer(lynn, met={"childcare": "no"}, children_count=2)
    answer(holyoke, met={"interpretation": "partly"}, interpretation_language="es")
    answer(
        holyoke,
        met={"interpretation": "yes", "ride": "yes"},
        interpretation_language="es",
        needs_transportation=True,
    )


def test_needs_met_by_community_with_small_counts_hidden(client, lead, answers):
    found = tables(get(client))["needs-met"]
    assert found == [
        # Community, then answers and share met for interpretation, childcare, ride, access.
        [
            "Holyoke",
            "fewer than 5",
            "fewer than 5",
            0,
            None,
            "fewer than 5",
            "fewer than 5",
            0,
            None,
        ],
        ["Lynn", 0, None, 6, "83%", 0, None, 0, None],
    ]


def test_the_date_range_applies_to_when_the_session_was_held(client, lead, answers):
    since = (NOW - dt.timedelta(days=15)).date().isoformat()
    found = tables(get(client, f"?since={since}"))["needs-met"]
    assert [row[0] for row in found] == ["Lynn"]


def test_the_csv_has_the_same_rows_with_their_source(client, lead, answers):
    rows = read_csv(client.get("/dashboard/export/needs-met.csv"))
    assert rows[0][:3] == ["Community", "Interpretation: answers", "Interpretation: share met"]
    assert rows[0][-3:] == ["Source", "As of", "Example"]
    assert rows[2][:5] == ["Lynn", "0", "", "6", "83"]
    assert rows[2][-3] == "Answers to the survey after each session"


def test_a_new_answer_shows_on_the_next_view(client, lead, answers):
    assert tables(get(client))["needs-met"][1][3] == 6
    lynn = EventFactory._meta.model.objects.get(city="Lynn")
    answer(lynn, met={"childcare": "yes"}, children_count=1)
    assert tables(get(client))["needs-met"][1][3] == 7
