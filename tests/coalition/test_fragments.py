"""Pieces of public pages kept across query strings (coalition.fragments): the filter forms and
cards of the events list and the partner directory, the home page's panels. Every change shows
on the very next request, whatever its address; what varies per request (the filters chosen, a
form's errors, an event being over) is never taken from another request's piece."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coalition import fragments
from events.models import Event
from initiatives.models import Initiative
from partners.models import Organization
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    OrganizationFactory,
)
from tests.support.pages import at_new_address

pytestmark = pytest.mark.django_db


def page(url: str) -> str:
    """The page at `url` with a query parameter of its own: never the whole page kept."""
    response = at_new_address(url)
    assert response.status_code in (200, 400), url
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def world():
    host = OrganizationFactory(name="Lynn Families United", slug="lynn-families", approved=True)
    initiative = InitiativeFactory(name="Fair schools in Lynn", slug="fair-schools")
    InitiativePartnerFactory(initiative=initiative, organization=host)
    site = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    event = EventFactory(
        title="Listening session in Lynn", initiative=initiative, site=site, capacity=3
    )
    event.hosts.set([host])
    return {"host": host, "initiative": initiative, "site": site, "event": event}


def test_an_event_renamed_shows_at_once_in_the_list_and_on_home_at_any_address(world):
    for url in ("/events/", "/"):
        assert "Listening session in Lynn" in page(url)
        assert "Listening session in Lynn" in page(url)  # now from the kept card
    event = world["event"]
    event.title_en = "Listening night in Lynn"
    event.save()
    for url in ("/events/", "/"):
        shown = page(url)
        assert "Listening night in Lynn" in shown and "Listening session in Lynn" not in shown


def test_a_seat_taken_shows_at_once_on_a_kept_card(world):
    assert "3 seats left" in page("/events/")
    response = Client().post(
        f"/events/{world['event'].slug}/register/",
        {"name": "Rosa Delgado", "email": "rosa@example.org", "language": "es", "consent": "on"},
    )
    assert response.status_code == 302
    shown = page("/events/")
    assert "2 seats left" in shown and "3 seats left" not in shown


def test_the_filter_form_shows_the_filters_chosen_and_its_errors_never_another_s(world):
    assert 'value="lynn" selected' not in page("/events/")
    assert 'value="lynn" selected' in page("/events/?site=lynn")
    assert 'value="lynn" selected' not in page("/events/?page=1")
    refused = page("/events/?from_date=1800-01-01")
    assert "field--error" in refused
    assert "field--error" not in page("/events/")
    # A new site is a new choice at once.
    DemonstrationSiteFactory(name="Holyoke", slug="holyoke")
    assert 'value="holyoke"' in page("/events/?site=lynn")


def test_the_directory_s_filter_form_is_kept_with_the_filters_chosen_and_no_errors(world):
    page("/partners/")
    with CaptureQueriesContext(connection) as again:
        shown = page("/partners/?page=1")
    # Kept whole: neither the choices nor their counts are read again.
    assert not any("initiatives_initiative" in q["sql"] for q in again.captured_queries)
    assert re.search(r'value="fair-schools">Fair schools in Lynn \(1\)', shown)
    chosen = page("/partners/?initiative=fair-schools")
    assert re.search(r'value="fair-schools" selected>Fair schools in Lynn \(1\)', chosen)
    assert 'value="fair-schools" selected' not in page("/partners/?page=2")
    refused = page("/partners/?community=nowhere")
    assert "field--error" in refused
    assert "field--error" not in page("/partners/")


def test_an_organization_renamed_or_partnering_shows_at_once_in_the_directory(world):
    assert "Lynn Families United" in page("/partners/")
    assert "Lynn Families United" in page("/partners/?sort=name")
    host = world["host"]
    host.name_en = "Lynn Families Together"
    host.save()
    assert "Lynn Families Together" in page("/partners/")
    other = InitiativeFactory(name="Early care for all", slug="early-care")
    InitiativePartnerFactory(initiative=other, organization=host)
    shown = page("/partners/")
    assert "Early care for all" in shown
    # The facet of the new initiative counts the organization at once.
    assert re.search(r'value="early-care">Early care for all \(1\)', shown)


def words(url: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(url)))


def test_the_home_page_s_figures_and_initiatives_follow_every_change(world):
    shown = words("/")
    assert "Fair schools in Lynn" in shown and "1 partner organization" in shown
    Initiative.objects.create(name="Early care for all", slug="early-care")
    OrganizationFactory(name="Holyoke Parents", approved=True)
    shown = words("/")
    assert "Early care for all" in shown
    assert "2 partner organizations" in shown and "2 initiatives" in shown
    Organization.objects.filter(name_en="Holyoke Parents").get().delete()
    assert "1 partner organization" in words("/")


def test_a_card_is_not_reused_once_its_event_is_over(world):
    template = Template(
        '{% load fragments %}{% keep_each "test.card" stamp rows as event by "pk has_ended" %}'
        "{{ event.title }} {% if not event.has_ended %}open{% else %}over{% endif %};"
        "{% endkeep_each %}"
    )
    event = Event.objects.with_seats().get(pk=world["event"].pk)
    stamp = fragments.stamp("events")
    assert template.render(Context({"stamp": stamp, "rows": [event]})) == (
        "Listening session in Lynn open;"
    )
    event.has_ended = True
    assert template.render(Context({"stamp": stamp, "rows": [event]})) == (
        "Listening session in Lynn over;"
    )


def test_without_a_stamp_a_piece_is_rendered_live():
    template = Template('{% load fragments %}{% keep "test.live" stamp %}{{ n }}{% endkeep %}')
    assert template.render(Context({"n": 1})) == "1"
    assert template.render(Context({"n": 2})) == "2"
    assert template.render(Context({"n": 3, "stamp": None})) == "3"
