"""Where next (suggestions from anyone, reviewed by leads) and what we heard (a session's
summary and themes, linked to the objectives that answer them)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.models import AuditLog
from communities.models import Community
from events.models import LocationSuggestion, SessionReport
from partners.models import Membership
from tests.factories import (
    CommunityFactory,
    EventFactory,
    LocationSuggestionFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    two_factor_lead,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(client):
    user = two_factor_lead()
    client.force_login(user)
    return user


SUGGESTION = {
    "place": "Holyoke Public Library",
    "community": "Holyoke",
    "reason": "On the bus lines; families already go there.",
    "contact_name": "",
    "contact_email": "",
    "website": "",
}


def test_anyone_can_suggest_where_next(client):
    response = client.post("/events/suggest/", SUGGESTION)
    assert response.status_code == 200
    assert "Thank you for your suggestion" in response.content.decode()
    stored = LocationSuggestion.objects.get()
    assert (stored.place, stored.community.name, stored.status) == (
        "Holyoke Public Library",
        "Holyoke",
        LocationSuggestion.Status.NEW,
    )


def test_the_suggestion_form_proposes_known_communities_and_resolves_either_language(client):
    CommunityFactory(name="Lynn", slug="lynn")
    boston = CommunityFactory(
        name="East Boston", name_en="East Boston", name_es="Este de Boston", slug="east-boston"
    )
    CommunityFactory(name="Hidden", slug="hidden", listed=False)
    page = client.get("/events/suggest/").content.decode()
    assert 'list="id_community-options"' in page
    assert '<option value="Lynn"></option>' in page and "Hidden" not in page

    response = client.post("/events/suggest/", {**SUGGESTION, "community": "  este de  BOSTON "})
    assert response.status_code == 200
    assert LocationSuggestion.objects.get().community == boston
    assert Community.objects.count() == 3


def test_a_town_the_network_does_not_know_is_kept_unlisted_until_a_lead_reviews_it(client):
    client.post("/events/suggest/", {**SUGGESTION, "community": "chelsea, bellingham square"})
    chelsea = LocationSuggestion.objects.get().community
    assert (chelsea.name_en, chelsea.slug, chelsea.listed) == ("Chelsea", "chelsea", False)
    assert client.get("/communities/chelsea/").status_code == 404
    assert "Chelsea" not in client.get("/communities/").content.decode()
    assert "Chelsea" not in client.get("/events/suggest/").content.decode()


def test_a_lead_considering_a_new_town_lists_it_and_declining_keeps_it_off(client, lead):
    chelsea = LocationSuggestionFactory(community=CommunityFactory(name="Chelsea", listed=False))
    revere = LocationSuggestionFactory(community=CommunityFactory(name="Revere", listed=False))
    assert "New town, not listed yet" in client.get("/events/suggestions/").content.decode()
    for suggestion, status in ((chelsea, "considering"), (revere, "declined")):
        client.post(f"/events/suggestions/{suggestion.pk}/", {f"s{suggestion.pk}-status": status})
    assert Community.objects.get(name="Chelsea").listed
    assert not Community.objects.get(name="Revere").listed
    row = AuditLog.objects.get(action="suggestion.reviewed", object_id=str(chelsea.pk))
    assert row.data["community_listed"] == "chelsea"
    assert client.get("/communities/").status_code == 200
    assert "Chelsea" in Client().get("/communities/").content.decode()


@pytest.mark.parametrize("community", ["", " , ", "<b>Lynn</b>", "Lynn 123", "x" * 101])
def test_a_community_that_is_not_a_place_name_is_refused_next_to_the_field(client, community):
    response = client.post("/events/suggest/", {**SUGGESTION, "community": community})
    assert response.status_code == 400
    assert 'id="id_community_error"' in response.content.decode()
    assert not LocationSuggestion.objects.exists()
    assert not Community.objects.exists()


def test_a_suggestion_without_a_place_is_refused_next_to_the_field(client):
    response = client.post("/events/suggest/", {**SUGGESTION, "place": ""})
    assert response.status_code == 400
    assert 'id="id_place_error"' in response.content.decode()
    assert not LocationSuggestion.objects.exists()


def test_the_honeypot_keeps_bots_out_of_suggestions(client):
    response = client.post("/events/suggest/", {**SUGGESTION, "website": "spam"})
    assert "Thank you for your suggestion" in response.content.decode()
    assert not LocationSuggestion.objects.exists()


def test_leads_filter_and_review_suggestions_and_link_the_event(client, lead):
    holyoke = LocationSuggestionFactory(community="Holyoke", place="Library")
    LocationSuggestionFactory(community="Lynn", place="Lynn Museum")
    page = client.get("/events/suggestions/?community=holyoke").content.decode()
    assert "Library, Holyoke" in page and "Lynn Museum" not in page
    unknown = client.get("/events/suggestions/?community=atlantis")
    assert unknown.status_code == 400
    assert "Select a valid choice" in unknown.content.decode()

    event = EventFactory(title="Holyoke session")
    prefix = f"s{holyoke.pk}"
    missing = client.post(f"/events/suggestions/{holyoke.pk}/", {f"{prefix}-status": "scheduled"})
    assert missing.status_code == 302
    holyoke.refresh_from_db()
    assert holyoke.status == "new"

    client.post(
        f"/events/suggestions/{holyoke.pk}/",
        {f"{prefix}-status": "scheduled", f"{prefix}-event": event.pk},
    )
    holyoke.refresh_from_db()
    assert (holyoke.status, holyoke.event) == ("scheduled", event)
    assert AuditLog.objects.filter(action="suggestion.reviewed").count() == 1
    assert "Became:" in client.get("/events/suggestions/?status=scheduled").content.decode()


def test_the_suggestion_list_runs_the_same_queries_whatever_its_size(client, lead):
    EventFactory.create_batch(3)
    LocationSuggestionFactory.create_batch(3)

    def count():
        client.get("/events/suggestions/")  # the first reads the person's roles into the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/events/suggestions/").status_code == 200
        return len(queries)

    small = count()
    EventFactory.create_batch(10)
    LocationSuggestionFactory.create_batch(15, event=EventFactory())
    assert count() == small


@pytest.fixture
def past_session():
    host = OrganizationFactory()
    ended = timezone.now() - dt.timedelta(days=2)
    return EventFactory(
        hosts=[host], starts_at=ended - dt.timedelta(hours=2), ends_at=ended, title="Lynn"
    )


def report_form(objective, publish=True):
    data = {
        "summary_en": "Families want integrated schools.",
        "summary_es": "Las familias quieren escuelas integradas.",
        "themes-TOTAL_FORMS": "2",
        "themes-INITIAL_FORMS": "0",
        "themes-MIN_NUM_FORMS": "0",
        "themes-MAX_NUM_FORMS": "20",
        "themes-0-title_en": "Transportation",
        "themes-0-title_es": "Transporte",
        "themes-0-description_en": "Buses are too far.",
        "themes-0-objectives": [objective.pk],
        "themes-1-title_en": "",
    }
    if publish:
        data["publish"] = "on"
    return data


def test_organizers_publish_what_we_heard_and_each_theme_leads_to_its_objectives(
    client, past_session
):
    organizer = verified("organizer@example.org")
    MembershipFactory(
        user=organizer, organization=past_session.hosts.get(), role=Membership.Role.STAFF
    )
    client.force_login(organizer)
    objective = ObjectiveFactory(title="Safe routes to school")
    response = client.post(f"/events/{past_session.slug}/organize/report/", report_form(objective))
    assert response.status_code == 302
    report = SessionReport.objects.get()
    assert report.published_at is not None
    [theme] = report.themes.all()
    assert (theme.title_en, theme.title_es, list(theme.objectives.all())) == (
        "Transportation",
        "Transporte",
        [objective],
    )
    client.logout()
    page = client.get(past_session.get_absolute_url()).content.decode()
    assert "Families want integrated schools." in page
    assert objective.get_absolute_url() in page
    # You said, we did: the objective's page names the theme that led to it.
    assert "Transportation" in client.get(objective.get_absolute_url()).content.decode()
    spanish = client.get(past_session.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert "Las familias quieren escuelas integradas." in spanish.content.decode()


def test_an_unpublished_report_stays_off_the_public_page(client, past_session, lead):
    objective = ObjectiveFactory()
    client.post(
        f"/events/{past_session.slug}/organize/report/", report_form(objective, publish=False)
    )
    assert SessionReport.objects.get().published_at is None
    client.logout()
    assert "Families want" not in client.get(past_session.get_absolute_url()).content.decode()


def test_a_theme_without_a_title_in_either_language_is_refused(client, past_session, lead):
    data = report_form(ObjectiveFactory())
    data["themes-0-title_en"] = data["themes-0-title_es"] = ""
    response = client.post(f"/events/{past_session.slug}/organize/report/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_themes-0-title_en_error"' in page
    assert "Write it in English, in Spanish or in both." in page
    assert not SessionReport.objects.exists()


def test_a_report_needs_its_summary_in_one_language_at_least(client, past_session, lead):
    data = report_form(ObjectiveFactory())
    data["summary_en"] = data["summary_es"] = ""
    response = client.post(f"/events/{past_session.slug}/organize/report/", data)
    assert response.status_code == 400
    assert 'id="id_summary_en_error"' in response.content.decode()
    assert not SessionReport.objects.exists()


def test_what_we_heard_may_be_written_in_spanish_only(client, past_session, lead):
    data = report_form(ObjectiveFactory())
    data["summary_en"] = data["themes-0-title_en"] = data["themes-0-description_en"] = ""
    data["themes-0-description_es"] = "Los autobuses quedan lejos."
    response = client.post(f"/events/{past_session.slug}/organize/report/", data)
    assert response.status_code == 302
    report = SessionReport.objects.get()
    assert (report.summary_en or "", report.summary_es) == (
        "",
        "Las familias quieren escuelas integradas.",
    )
    [theme] = report.themes.all()
    assert (theme.title_en or "", theme.title_es) == ("", "Transporte")
    client.logout()
    # An English reader gets the Spanish, marked as Spanish.
    page = client.get(past_session.get_absolute_url()).text
    assert '<div lang="es"><p>Las familias quieren escuelas integradas.</p></div>' in page
    assert '<h3 lang="es">Transporte</h3>' in page


def test_the_report_form_puts_each_text_in_english_and_spanish_side_by_side(
    client, past_session, lead
):
    page = client.get(f"/events/{past_session.slug}/organize/report/").text
    pair = page[page.index('<div class="field-languages">') :]
    pair = pair[: pair.index("</textarea>", pair.index('id="id_summary_es"'))]
    assert 'for="id_summary_en">Summary (English)' in pair
    assert 'for="id_summary_es">Summary (Spanish)' in pair
    assert 'lang="es"' in pair
    assert 'for="id_themes-0-title_es">Theme (Spanish)' in page


def test_what_we_heard_waits_for_the_session_to_end(client, lead):
    upcoming = EventFactory()
    response = client.post(
        f"/events/{upcoming.slug}/organize/report/", report_form(ObjectiveFactory())
    )
    assert response.status_code == 400
    assert "once the session is over" in response.content.decode()
