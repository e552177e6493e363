"""The programs panel: applications by program and status, with small counts hidden, on the
page and in the CSV, in a fixed number of queries."""

import pytest

from programs import services
from tests.dashboards.helpers import get, read_csv, tables
from tests.programs.helpers import open_call, started, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(frozen, lead):
    academy = open_call(name="Educator Voice Academy")
    leaders = open_call(name="Leaders for Just Schools")
    for number in range(6):
        submitted(academy, email=f"a{number}@example.org")
    chosen = submitted(leaders, email="b0@example.org")
    services.application_decide(application=chosen, actor=lead, decision="accepted", reason="Yes.")
    submitted(leaders, email="b1@example.org")
    started(leaders, email="b2@example.org")  # a draft: nobody's application yet
    return academy, leaders


def test_applications_by_program_and_status_with_small_counts_hidden(client, applications):
    found = tables(get(client))["applications-by-program"]
    # Program, then submitted, waiting list, accepted, declined, withdrawn.
    assert found == [
        ["Educator Voice Academy", 6, 0, 0, 0, 0],
        ["Leaders for Just Schools", "fewer than 5", 0, "fewer than 5", 0, 0],
    ]


def test_the_csv_has_the_same_rows_with_their_source(client, applications):
    rows = read_csv(client.get("/dashboard/export/applications-by-program.csv"))
    assert rows[0][:2] == ["Program", "Submitted"]
    assert rows[0][-3:] == ["Source", "As of", "Example"]
    assert rows[1][:2] == ["Educator Voice Academy", "6"]
    assert rows[1][-3] == "Applications sent through the portal"


def test_the_organization_filter_keeps_its_programs(client, applications):
    academy, _leaders = applications
    found = tables(get(client, f"?organization={academy.program.host.slug}"))
    assert [row[0] for row in found["applications-by-program"]] == ["Educator Voice Academy"]
