"""The dashboard computed ahead: one snapshot per filter set and language that the page, the
packet and the CSV read, refreshed by the periodic task after a write, or now by a lead.

Until the domain apps watch their models (coalition.versions.watch, from their ready()), these
tests bump the scopes a write changes themselves, right after the service that makes it."""

import datetime as dt
from dataclasses import replace

import pytest
import time_machine
from django.utils import timezone

from coalition.models import AuditLog
from dashboards import tasks
from dashboards.models import DashboardSnapshot
from dashboards.panels import dashboard
from dashboards.scope import Scope
from dashboards.selectors import dashboard_filter
from events.models import Event
from initiatives.models import Objective
from tests.dashboards.helpers import NOW, get, read_csv, tables
from tests.events.helpers import register
from tests.factories import OrganizationFactory, progress_update

pytestmark = pytest.mark.django_db

ALL_SCOPES = ("partners", "initiatives", "events")
QUERIES = [
    "",
    "initiative=alpha",
    "site=lynn&organization=families",
    "since=2026-04-01&until=2026-05-31",
    "initiative=alpha&site=lynn&organization=north&since=2026-01-01&until=2026-06-10",
]


@pytest.fixture
def worker(settings):
    """As in production: stale snapshots are shown until the periodic task refreshes them."""
    settings.DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW = False


def _later(minutes):
    return time_machine.travel(NOW + dt.timedelta(minutes=minutes), tick=False)


def _live(query, snapshot, **pages):
    """The panels computed now from the rows, at the snapshot's moment."""
    from django.http import QueryDict

    filterset = dashboard_filter(params=QueryDict(query))
    assert filterset.is_valid()
    return dashboard(replace(Scope.of(filterset), now=snapshot.computed_at), **pages)


def _as_of(response) -> dt.datetime:
    return response.context["snapshot"].computed_at


@pytest.mark.parametrize("query", QUERIES)
def test_the_snapshot_is_a_live_computation_cell_for_cell(client, lead, network, query):
    response = get(client, f"?{query}")
    live = _live(query, response.context["snapshot"])
    stored = {t.name: t for p in response.context["panels"] for t in p.tables}
    computed = {t.name: t for p in live["panels"] for t in p.tables}
    assert stored.keys() == computed.keys()
    for name, table in computed.items():
        kept = stored[name]
        # repr: each cell's kind and every field of it (a Source's day and Example flag, a
        # Localized text's language, "fewer than 5"), not only its text.
        assert repr(kept.rows) == repr(table.rows), (name, query)
        assert (kept.total, kept.caption, kept.not_applied, kept.has_example) == (
            table.total,
            table.caption,
            table.not_applied,
            table.has_example,
        ), (name, query)
        assert repr(kept.columns) == repr(table.columns), (name, query)
        assert repr(kept.chart) == repr(table.chart), (name, query)
        assert repr(kept.source) == repr(table.source), (name, query)
    assert repr(response.context["headline"]["figures"]) == repr(live["headline"]["figures"])
    assert [v.table.rows for v in response.context["indicators"]] == [
        v.table.rows for v in live["indicators"]
    ]


def test_a_filter_set_is_computed_once_and_read_on_every_view(client, lead, network, worker):
    first = get(client, "?initiative=alpha&since=2026-04-01")
    with _later(5):
        # The same filters in another order, with the empty ones written out.
        again = get(client, "?site=&since=2026-04-01&initiative=alpha&organization=")
        packet = client.get("/dashboard/packet/?since=2026-04-01&initiative=alpha")
    assert DashboardSnapshot.objects.count() == 1
    assert _as_of(first) == _as_of(again) == _as_of(packet) == NOW
    assert "Figures as of noon" in again.content.decode()
    assert "Figures as of noon" in packet.content.decode()


def test_a_change_shows_once_the_task_has_refreshed_the_snapshot(client, lead, network, worker):
    before = tables(get(client))
    a3 = Objective.objects.get(slug="a3")
    with _later(1):
        progress_update(a3, organization=network["schools"], narrative="Fresh news.")
        register(Event.objects.get(slug="up-one"))
        assert tables(get(client)) == before  # shown as it was, with its time
    with _later(2):
        assert tasks.refresh_snapshots.delay() is not None  # run inline here
        response = get(client)
    after = tables(response)
    assert after["latest-updates"][0][1] == "A3"
    assert len(after["latest-updates"]) == len(before["latest-updates"]) + 1
    assert after["upcoming-events"] != before["upcoming-events"]
    assert _as_of(response) == (NOW + dt.timedelta(minutes=2))
    assert "Figures as of 12:02 p.m." in response.content.decode()


def test_the_task_leaves_fresh_snapshots_and_forgets_unviewed_ones(
    client, lead, network, worker, settings
):
    get(client)
    get(client, "?initiative=beta")
    DashboardSnapshot.objects.filter(filters__initiative="beta").update(
        last_viewed_at=NOW - dt.timedelta(days=settings.DASHBOARD_SNAPSHOT_KEEP_DAYS, hours=1)
    )
    with _later(3):
        assert tasks.refresh_snapshots() == {"refreshed": 0, "deleted": 1}
    assert DashboardSnapshot.objects.get().computed_at == NOW
    # Figures that move with the clock alone (an event starting) are counted again in time.
    with _later(settings.DASHBOARD_SNAPSHOT_MAX_AGE // 60 + 1):
        assert tasks.refresh_snapshots() == {"refreshed": 1, "deleted": 0}


def test_in_development_a_stale_snapshot_is_computed_on_the_view(client, lead, network, settings):
    settings.DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW = True  # no worker: `make run`
    get(client)
    with _later(1):
        progress_update(Objective.objects.get(slug="a3"), organization=network["schools"])
        response = get(client)
    assert tables(response)["latest-updates"][0][1] == "A3"
    assert _as_of(response) == (NOW + dt.timedelta(minutes=1))


def test_a_lead_refreshes_the_figures_now(client, lead, network, worker):
    get(client, "?initiative=alpha")
    # A write no watch saw (a QuerySet.update): only a forced refresh shows it.
    Event.objects.filter(slug="past-one").update(title="Past one, renamed")
    with _later(1):
        assert "Past one, renamed" not in get(client, "?initiative=alpha").content.decode()
        response = client.post("/dashboard/refresh/?initiative=alpha")
        assert response.status_code == 302
        assert response["Location"] == "/dashboard/?initiative=alpha"
        page = client.get(response["Location"])
    assert "Past one, renamed" in page.content.decode()
    assert "The figures were computed again just now." in page.content.decode()
    assert _as_of(page) == (NOW + dt.timedelta(minutes=1))
    log = AuditLog.objects.get(action="dashboard.refreshed")
    assert log.actor == lead and log.data["filters"]["initiative"] == "alpha"
    assert DashboardSnapshot.objects.count() == 1


def test_the_refresh_button_is_on_the_page(client, lead, network):
    page = get(client, "?initiative=alpha").content.decode()
    assert 'action="/dashboard/refresh/?initiative=alpha"' in page
    assert "Refresh figures now" in page


def test_the_csv_and_the_packet_show_the_pages_figures_and_time(client, lead, network, worker):
    page = get(client)
    with _later(1):
        progress_update(Objective.objects.get(slug="a3"), organization=network["schools"])
        # The page still shows its snapshot, and so does the packet.
        stale = get(client)
        packet = client.get("/dashboard/packet/")
        assert _as_of(stale) == _as_of(packet) == _as_of(page)
        assert tables(packet)["latest-updates"] == tables(page)["latest-updates"]
        # A CSV's rows cannot come from data that has changed: the snapshot is computed again
        # first, and the page and the packet show that one from then on.
        csv = read_csv(client.get("/dashboard/export/latest-updates.csv"), as_of=True)
        page, packet = get(client), client.get("/dashboard/packet/")
    assert csv[0] == ["Figures as of 2026-06-15 12:01"]
    assert _as_of(page) == _as_of(packet) == (NOW + dt.timedelta(minutes=1))
    assert [row[1] for row in csv[2:]][:1] == ["A3"] == [tables(page)["latest-updates"][0][1]]
    assert len(csv) - 2 == len(tables(page)["latest-updates"]) == 5


def test_each_language_has_its_own_snapshot(client, lead, network):
    Objective.objects.filter(slug="a1").update(title_es="Objetivo A1")
    english = get(client)
    spanish = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 200
    assert {s.language for s in DashboardSnapshot.objects.all()} == {"en", "es"}
    assert spanish.context["snapshot"].language == "es"
    text = spanish.content.decode()
    assert "Panel de la red" in text and "Avance" in text
    cells = [
        cell
        for panel in spanish.context["panels"]
        for table in panel.tables
        for row in table.rows
        for cell in row
    ]
    a1 = next(cell for cell in cells if str(cell) == "Objetivo A1")
    assert a1.text.lang == "es" and not a1.text.fallback  # a link to it, in Spanish
    assert "Objetivo A1" not in english.content.decode()


def test_the_filters_choices_are_kept_until_what_they_list_changes(client, lead, network):
    page = get(client, "?organization=north").content.decode()
    assert '<option value="north" selected>North Schools</option>' in page
    # A new organization bumps "partners" (partners.apps watches it): shown on the next view.
    OrganizationFactory(name="Newcomer Org", slug="newcomer")
    assert '<option value="newcomer">Newcomer Org</option>' in get(client).content.decode()


def test_while_redis_is_away_the_figures_are_computed_and_not_kept(
    client, lead, network, monkeypatch
):
    from django.core.cache import cache

    monkeypatch.setattr(type(cache), "is_using_fallback", True, raising=False)
    response = get(client)
    assert DashboardSnapshot.objects.count() == 0
    assert response.context["snapshot"].computed_at == timezone.now()
