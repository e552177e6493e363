"""The dashboard's headline and panels rendered once per snapshot (dashboards.fragments): kept
for every view of the same snapshot, language and query, rendered again as soon as the snapshot
is, and never with anything of one request (the refresh form's CSRF token) inside."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition import fragments as kept_pieces
from dashboards import fragments, selectors
from dashboards.models import DashboardSnapshot
from events.models import Event
from tests.dashboards.helpers import NOW, get
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _tokens(page):
    return TOKEN.findall(page)


def _without_tokens(page):
    return TOKEN.sub("", page)


def test_a_second_view_reads_neither_the_panels_nor_renders_them(client, lead, network):
    first = get(client, "?initiative=alpha").content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = get(client, "?initiative=alpha").content.decode()
    assert not any('"panels"' in q["sql"] for q in queries.captured_queries)
    # The same page, but for the CSRF tokens of its forms, which are the request's own.
    assert _tokens(first) != _tokens(again)
    assert _without_tokens(first) == _without_tokens(again)


def test_no_csrf_token_or_form_is_kept_in_the_shared_html(client, lead, network, monkeypatch):
    kept = {}

    class Spy:
        def get(self, key):
            return cache.get(key)

        def set(self, key, value, timeout):
            kept[key] = value
            cache.set(key, value, timeout)

    monkeypatch.setattr(kept_pieces, "cache", Spy())  # what dashboards.fragments keeps with
    page = get(client).content.decode()
    assert kept, "the panels' HTML is kept"
    assert 'name="csrfmiddlewaretoken"' in page  # the refresh form, on the page
    # The panels (a dict of parts) and the filter form's fields (one piece).
    parts = [
        part
        for html in kept.values()
        for part in (html.values() if isinstance(html, dict) else [html])
    ]
    assert any('name="initiative"' in part for part in parts), "the filters are kept"
    for part in parts:
        assert "csrfmiddlewaretoken" not in part
        assert "<form" not in part
        assert "Figures as of" not in part  # says "today": written per request
    assert all(part in page for part in parts)


def test_a_refreshed_snapshot_shows_on_the_next_view(client, lead, network):
    get(client, "?initiative=alpha")
    get(client, "?initiative=alpha")  # from the kept HTML
    # A write no watch saw (a QuerySet.update): the kept HTML is that of the snapshot.
    Event.objects.filter(slug="past-one").update(title="Past one, renamed")
    assert "Past one, renamed" not in get(client, "?initiative=alpha").content.decode()
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        client.post("/dashboard/refresh/?initiative=alpha")
        assert "Past one, renamed" in get(client, "?initiative=alpha").content.decode()


def test_the_links_follow_the_query_and_the_language(client, lead, network):
    plain = get(client).content.decode()
    paged = get(client, "?initiative=alpha").content.decode()
    assert 'href="/dashboard/export/objectives.csv"' in plain
    assert 'href="/dashboard/export/objectives.csv?initiative=alpha"' in paged
    # The same filters asked another way: the same snapshot, its links as asked.
    other = get(client, "?initiative=alpha&site=").content.decode()
    assert 'href="/dashboard/export/objectives.csv?initiative=alpha&amp;site="' in other
    spanish = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Avance" in spanish and "Avance" not in get(client).content.decode()


def test_other_parameters_share_the_filters_html_and_stay_out_of_its_links(
    client, lead, network, monkeypatch
):
    rendered = []
    real = fragments._rendered
    monkeypatch.setattr(
        fragments, "_rendered", lambda *a: rendered.append(1) or real(*a), raising=True
    )
    get(client, "?initiative=alpha")
    tagged = get(client, "?initiative=alpha&utm_source=newsletter").content.decode()
    assert len(rendered) == 1  # the HTML of the first view, reused
    assert 'href="/dashboard/export/objectives.csv?initiative=alpha"' in tagged
    assert not re.search(r'href="/dashboard/export/[^"]*utm_source', tagged)


def test_without_redis_the_panels_are_rendered_on_the_request(client, lead, network, monkeypatch):
    monkeypatch.setattr(type(cache), "is_using_fallback", True, raising=False)
    rendered = []
    real = fragments._rendered
    monkeypatch.setattr(
        fragments, "_rendered", lambda *a: rendered.append(1) or real(*a), raising=True
    )
    get(client)
    get(client)
    assert len(rendered) == 2


def test_a_leads_next_view_is_the_page_kept_for_them_until_the_data_changes(client, lead, network):
    for _ in range(2):  # the refresh form's CSRF cookie is set, then the page is kept
        get(client, "?initiative=alpha")
    with CaptureQueriesContext(connection) as queries:
        kept = get(client, "?initiative=alpha")
    assert len(queries.captured_queries) == 0  # the person and their page both kept
    assert kept["Cache-Control"] == "no-store, private"
    event = Event.objects.get(slug="past-one")
    event.title = "Past one, renamed"
    event.save()
    assert "Past one, renamed" in get(client, "?initiative=alpha").content.decode()


def test_the_kept_filters_offer_a_new_initiative_and_keep_the_chosen_one(client, lead, network):
    first = get(client, "?initiative=alpha&from=board").content.decode()
    assert re.search(r'<option value="alpha" selected>Alpha</option>', first)
    InitiativeFactory(name="Gamma Reads", slug="gamma-reads")
    page = get(client, "?initiative=alpha&from=email").content.decode()
    assert '<option value="gamma-reads">Gamma Reads</option>' in page
    assert re.search(r'<option value="alpha" selected>Alpha</option>', page)
    other = get(client, "?initiative=gamma-reads").content.decode()
    assert re.search(r'<option value="gamma-reads" selected>Gamma Reads</option>', other)


def test_a_new_address_for_a_kept_view_needs_no_query_and_its_time_is_written_hourly(
    client, lead, network
):
    """The view's row is kept with its HTML (dashboards.services._row_kept): a link with a
    parameter of its own renders the page with no query; the time it was last viewed, which
    keeps it from being deleted, is still written once an hour."""
    get(client)  # computed and stored
    get(client)  # the row read, then kept
    with CaptureQueriesContext(connection) as queries:
        page = get(client, "?from=board")
    assert queries.captured_queries == []
    assert "The whole network" in page.content.decode()
    snapshot = DashboardSnapshot.objects.get()
    viewed = snapshot.last_viewed_at
    with time_machine.travel(viewed + dt.timedelta(hours=1, minutes=1), tick=False):
        get(client, "?from=email")
        snapshot.refresh_from_db()
        assert snapshot.last_viewed_at == viewed + dt.timedelta(hours=1, minutes=1)
        with CaptureQueriesContext(connection) as queries:
            get(client, "?from=calendar")
        assert not any("UPDATE" in q["sql"] for q in queries.captured_queries)


def test_a_view_with_no_filter_makes_its_filter_set_only_to_render_the_form(
    client, lead, network, monkeypatch
):
    """The usual view chooses no filter: it is the whole network, valid without a form, and the
    filter set is made only when the filters' HTML is not kept."""
    made = []
    real = selectors.dashboard_filter
    monkeypatch.setattr(selectors, "dashboard_filter", lambda **kw: made.append(1) or real(**kw))
    first = get(client).content.decode()
    assert len(made) == 1  # to render the form the first time
    assert '<option value="alpha">Alpha</option>' in first
    page = get(client, "?from=board").content.decode()
    assert len(made) == 1  # the form's HTML kept
    assert '<option value="alpha">Alpha</option>' in page
    assert "The whole network" in page
    assert client.get("/dashboard/?initiative=nowhere").status_code == 400  # a filter is checked
    assert len(made) == 2
