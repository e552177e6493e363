"""Pages that do not grow with the network: the filters' options (every site, initiative and
organization) are rendered once per version of what they list and per language, then reused
(coalition.widgets.CachedSelect); the home page names a bounded number of initiatives."""

import re

import factory
import pytest
from django import forms
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition import versions
from coalition.widgets import CachedSelect
from initiatives.models import Initiative
from partners.models import Organization
from tests.factories import (
    DemonstrationSiteFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ("/events/", "/partners/", "/initiatives/", "/sites/")


@pytest.fixture
def option_renders(monkeypatch):
    """How many times a cached select rendered its options (each, every option as a widget)."""
    rendered = []
    original = CachedSelect.render_options

    def spy(self, name, renderer=None):
        rendered.append(name)
        return original(self, name, renderer)

    monkeypatch.setattr(CachedSelect, "render_options", spy)
    return rendered


def grow(times: int, start: int = 0) -> None:
    """`times` organizations, each a partner of its own initiative, with a site in its city."""
    for n in range(start, start + times):
        initiative = InitiativeFactory(name=f"Initiative {n:03}", slug=f"initiative-{n:03}")
        organization = OrganizationFactory(
            name=f"Organization {n:03}", slug=f"organization-{n:03}", city=f"Town {n:03}"
        )
        InitiativePartnerFactory(initiative=initiative, organization=organization)
        DemonstrationSiteFactory(name=f"Site {n:03}", slug=f"site-{n:03}", city=f"Town {n:03}")
        DemonstrationSiteFactory.reset_sequence(n + 1000)


def visit(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_renders_no_option_again_and_runs_the_same_queries_at_three_times_the_network(
    client, url, option_renders
):
    grow(5)
    visit(client, url)  # renders the options once, for this version and language
    assert option_renders
    option_renders.clear()
    queries, html = visit(client, url)
    assert option_renders == []
    options = html.count("<option")

    grow(10, start=5)  # three times as many; the watches bump the versions
    visit(client, url)
    option_renders.clear()
    queries_at_3x, html = visit(client, url)

    assert option_renders == []
    assert queries_at_3x == queries
    # The same options, now three times as many of each kind the page lists.
    assert html.count("<option") > options
    assert "Organization 014" in html or "Initiative 014" in html or "Site 014" in html


def selected_in(html: str) -> dict[str, list[str]]:
    """For each select of the page, by name, the values of its selected options."""
    return {
        name: re.findall(r'<option value="([^"]*)" selected>', options)
        for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S)
    }


@pytest.mark.parametrize(
    "url, selected",
    [
        ("/events/?initiative=initiative-001&site=site-002", ["initiative-001", "site-002"]),
        ("/partners/?initiative=initiative-001&city=Town+001", ["initiative-001", "Town 001"]),
        ("/initiatives/?partner=organization-001&site=site-002", ["organization-001", "site-002"]),
        ("/sites/?initiative=initiative-001&city=Town+002", ["initiative-001", "Town 002"]),
    ],
)
def test_the_chosen_value_is_selected_from_the_kept_options(client, url, selected):
    grow(3)
    path, query = url.split("?")
    names = [part.split("=")[0] for part in query.split("&")]
    client.get(path)  # the options kept, none selected
    chosen = selected_in(client.get(url).content.decode())
    assert [chosen[name] for name in names] == [[value] for value in selected]
    # And the page without a choice selects none of them again (the empty "Any …" option).
    again = selected_in(client.get(path).content.decode())
    assert [again[name] for name in names] == [[""]] * len(names)


def test_the_directory_filters_and_counts_with_kept_options(client):
    grow(3)
    Organization.objects.filter(slug="organization-002").update(city="Town 001")
    versions.bump("partners")  # update() sends no signal
    html = client.get("/partners/?city=Town+001").content.decode()
    assert re.findall(r'<h2><a href="/partners/[^"]+/">([^<]+)</a></h2>', html) == [
        "Organization 001",
        "Organization 002",
    ]
    # The counts follow the other filters: two organizations in Town 001, one per initiative.
    assert '<option value="initiative-001">Initiative 001 (1)</option>' in html
    assert '<option value="initiative-000">Initiative 000 (0)</option>' in html
    assert '<option value="Town 001" selected>Town 001 (2)</option>' in html
    html = client.get("/partners/").content.decode()
    assert '<option value="Town 001">Town 001 (2)</option>' in html
    assert '<option value="initiative-000">Initiative 000 (1)</option>' in html


def test_a_new_initiative_is_an_option_on_the_next_request(client):
    grow(2)
    assert "Initiative 009" not in client.get("/events/").content.decode()
    InitiativeFactory(name="Initiative 009", slug="initiative-009")
    assert '<option value="initiative-009">Initiative 009</option>' in (
        client.get("/events/").content.decode()
    )


def test_options_follow_the_language(client):
    grow(1)
    client.get("/events/")
    html = client.get("/events/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<option value="" selected>Cualquier iniciativa</option>' in html


class _Form(forms.Form):
    choice = forms.ChoiceField(
        choices=[("", "Any"), ("a", "A & B"), ("b", '"B"')],
        required=False,
        help_text="Pick one.",
    )


def test_the_widget_renders_what_django_renders(settings):
    plain = _Form({"choice": "b"})
    cached = _Form({"choice": "b"})
    cached.fields["choice"].widget = CachedSelect(key="test", scopes=("partners",))
    cached.fields["choice"].widget.choices = cached.fields["choice"].choices
    expected = str(plain["choice"])
    assert str(cached["choice"]) == expected  # rendered, then kept
    assert str(cached["choice"]) == expected  # from the cache
    assert 'aria-describedby="id_choice_helptext"' in expected
    assert '<option value="b" selected>&quot;B&quot;</option>' in expected


def test_while_redis_is_away_options_are_rendered_live(monkeypatch, option_renders):
    widget = CachedSelect(key="test", scopes=("partners",), choices=[("a", "A")])
    monkeypatch.setattr(caches["default"], "is_using_fallback", True, raising=False)
    widget.render("choice", "a")
    widget.render("choice", "a")
    assert option_renders == []  # Django's own render, every time; nothing kept
    assert cache.get(widget.cache_key()) is None


def test_the_home_page_names_the_largest_initiatives_and_links_to_all(client):
    grow(12)
    for n in (3, 7):  # the two largest: more approved partners than the rest
        InitiativePartnerFactory.create_batch(
            n, initiative=Initiative.objects.get(slug=f"initiative-{n:03}")
        )
    # Partners not yet approved are not public: they do not count.
    InitiativePartnerFactory.create_batch(
        5,
        initiative=Initiative.objects.get(slug="initiative-011"),
        organization=factory.SubFactory(OrganizationFactory, approved=False),
    )

    queries, html = visit(client, "/")
    section = html.split('id="initiatives-heading"')[1]
    names = re.findall(r'<h3><a href="/initiatives/[^"]+/">([^<]+)</a></h3>', section)
    assert names == [
        "Initiative 007",
        "Initiative 003",
        *(f"Initiative {n:03}" for n in (0, 1, 2, 4, 5, 6)),
    ]
    assert '<a href="/initiatives/">All initiatives</a>' in section

    grow(24, start=12)  # three times the network: still eight, same queries
    queries_at_3x, html = visit(client, "/")
    section = html.split('id="initiatives-heading"')[1]
    assert len(re.findall(r'<h3><a href="/initiatives/', section)) == 8
    assert queries_at_3x == queries
