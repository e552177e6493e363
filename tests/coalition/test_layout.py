"""The layout's header and footer, made once per process for each language, part of the site
and kind of visitor (coalition_tags.layout_part): the page a visitor is on is marked, the
links follow who they are, and a change of name shows on the next page."""

import re

import pytest
from django.test import Client

from tests.factories import two_factor_lead, verified_user

pytestmark = pytest.mark.django_db


def current(html: str) -> list[str]:
    """The header's links marked as the page the visitor is on, main and account navigation."""
    header = html[: html.index("</header>")]
    return re.findall(r'<a href="([^"]+)" aria-current="page"', header) + re.findall(
        r'<a class="account-nav__who" href="([^"]+)" aria-current="page"', header
    )


def test_the_part_of_the_site_the_visitor_is_in_is_marked(client):
    assert current(client.get("/events/").content.decode()) == ["/events/"]
    assert current(client.get("/partners/?q=lynn").content.decode()) == ["/partners/"]
    assert current(client.get("/sites/").content.decode()) == ["/sites/"]
    assert current(client.get("/").content.decode()) == []


def test_the_header_speaks_the_visitors_language_and_switches_back_to_the_same_page(client):
    client.cookies["django_language"] = "es"
    html = client.get("/events/?kind=listening_session").content.decode()
    assert ">Eventos</a>" in html and ">Iniciar sesión</a>" in html
    assert 'href="/language/en/?next=/events/%3Fkind%3Dlistening_session"' in html
    assert re.search(r'hreflang="es" lang="es" aria-current="true">Español<', html)
    english = Client().get("/events/").content.decode()
    assert ">Events</a>" in english and ">Eventos</a>" not in english


def test_a_lead_has_the_dashboard_link_others_do_not_and_a_new_name_shows_at_once():
    lead = Client()
    lead.force_login(two_factor_lead(name="Dana Lead"))
    page = lead.get("/dashboard/").content.decode()
    assert current(page) == ["/dashboard/"]
    assert ">Dana<span" in page and ">Network</a>" in page

    staff = Client()
    rosa = verified_user("rosa@example.org", name="Rosa Delgado")
    staff.force_login(rosa)
    page = staff.get("/me/").content.decode()
    assert current(page) == ["/me/"]
    assert ">Rosa<span" in page and "/dashboard/" not in page
    sent = staff.post("/me/", {"name": "Rosario Delgado", "preferred_language": "en"})
    assert sent.status_code == 302
    page = staff.get("/events/").content.decode()
    assert ">Rosario<span" in page and ">Rosa<span" not in page
    assert current(page) == ["/events/"]


def test_the_leads_tools_mark_the_page_they_are_on_in_the_visitors_language():
    """The leads' tools (coalition_tags.network_nav), made once per language and page."""
    lead = Client()
    lead.force_login(two_factor_lead(name="Dana Lead"))

    def tools(path):
        html = lead.get(path).content.decode()
        nav = html[html.index('<nav class="subnav"') :]
        nav = nav[: nav.index("</nav>")]
        return nav, re.findall(r'<a href="([^"]+)" aria-current="page">([^<]+)</a>', nav)

    assert tools("/dashboard/")[1] == [("/dashboard/", "Dashboard")]
    assert tools("/network/audit/")[1] == [("/network/audit/", "Audit log")]
    assert tools("/dashboard/?initiative=")[1] == [("/dashboard/", "Dashboard")]
    lead.cookies["django_language"] = "es"
    nav, marked = tools("/network/leads/")
    assert marked == [("/network/leads/", "Líderes")]
    assert 'aria-label="Herramientas de la red"' in nav and ">Panel</a>" in nav
