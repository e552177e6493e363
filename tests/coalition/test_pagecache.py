"""Public pages are the same for every anonymous visitor: they set no cookie, are kept whole in
the shared cache (coalition.pagecache), answer If-None-Match with 304, and show any change on
the very next request (coalition.versions)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Event
from initiatives.models import Initiative
from tests.events.helpers import event_form, signed_in_organizer
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    ObjectiveFactory,
    OrganizationFactory,
    UserFactory,
    join_staff,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    host = OrganizationFactory(name="Lynn Families United", slug="lynn-families")
    initiative = InitiativeFactory(name="Fair schools in Lynn", slug="fair-schools")
    InitiativePartnerFactory(initiative=initiative, organization=host)
    site = DemonstrationSiteFactory(name="Lynn", slug="lynn")
    site.initiatives.add(initiative)
    objective = ObjectiveFactory(
        initiative=initiative, owners=[host], title="Integrated schools", slug="integrated"
    )
    event = EventFactory(
        title="Listening session in Lynn", initiative=initiative, site=site, capacity=3
    )
    event.hosts.set([host])
    return {
        "host": host,
        "initiative": initiative,
        "site": site,
        "objective": objective,
        "event": event,
    }


def public_urls(w) -> list[str]:
    return [
        "/",
        "/events/",
        "/events/?when=past",
        w["event"].get_absolute_url(),
        f"/events/{w['event'].slug}/event.ics",
        "/events/feed.ics",
        "/partners/",
        f"/partners/{w['host'].slug}/",
        "/initiatives/",
        w["initiative"].get_absolute_url(),
        w["objective"].get_absolute_url(),
        "/sites/",
        w["site"].get_absolute_url(),
        "/sites/compare/",
    ]


def queries_of(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_no_public_page_sets_a_cookie_and_the_second_visit_is_a_hit(world):
    for url in public_urls(world):
        visitor = Client()
        first = visitor.get(url)
        assert first.status_code == 200, url
        assert first.cookies == {}, url  # no csrftoken, no sessionid
        assert visitor.cookies == {}, url
        assert first["Cache-Control"] == "public, no-cache", url
        assert {"Accept-Language", "Cookie"} <= set(re.split(r",\s*", first["Vary"])), url
        again, count = queries_of(Client(), url)
        assert count == 0, url
        assert again.content == first.content, url
        assert again["ETag"] == first["ETag"], url
        # The middleware still runs on a kept page: the security headers are all there.
        for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
            assert header in again, (url, header)
    # A calendar file stays a download when it comes from the cache.
    ics = Client().get(f"/events/{world['event'].slug}/event.ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"] == f'attachment; filename="{world["event"].slug}.ics"'


def test_a_hit_reads_nothing_from_the_database(world, django_assert_num_queries):
    Client().get("/events/")
    with django_assert_num_queries(0):
        response = Client().get("/events/")
    assert "Listening session in Lynn" in text(response)


def test_a_page_with_a_form_sets_its_csrf_cookie_and_is_not_kept(world):
    url = f"/events/{world['event'].slug}/register/"
    response = Client().get(url)
    assert "csrftoken" in response.cookies
    _again, count = queries_of(Client(), url)
    assert count > 0


def test_the_query_string_is_part_of_the_key_in_any_order(world):
    EventFactory(title="A past session", starts_at=world["event"].starts_at.replace(year=2020))
    upcoming = text(Client().get("/events/?when=upcoming&language="))
    past = text(Client().get("/events/?when=past&language="))
    assert "A past session" in past and "A past session" not in upcoming
    reordered, count = queries_of(Client(), "/events/?language=&when=past")
    assert count == 0
    assert text(reordered) == past


def test_a_matching_if_none_match_is_answered_304_on_a_miss_and_on_a_hit(world):
    url = world["objective"].get_absolute_url()
    etag = Client().get(url)["ETag"]
    cache.clear()  # a miss: the page is rendered again, to the same bytes
    missed = Client().get(url, headers={"if-none-match": etag})
    hit, count = queries_of(Client(), url, **{"if-none-match": etag})
    for response in (missed, hit):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
        assert "Content-Security-Policy" in response
    assert count == 0
    assert Client().get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_an_update_posted_shows_at_once_on_the_objective_and_initiative_pages(client, world):
    objective, initiative = world["objective"], world["initiative"]
    staff = verified("staff@example.org")
    join_staff(world["host"], staff)
    client.force_login(staff)
    anonymous = Client()
    for url in (objective.get_absolute_url(), initiative.get_absolute_url()):
        assert "Three more schools joined" not in text(anonymous.get(url))
        assert "At risk" not in text(anonymous.get(url))
    posted = client.post(
        f"/initiatives/objectives/{objective.slug}/update/",
        {
            "organization": world["host"].pk,
            "status": "at_risk",
            "language": "en",
            "narrative_en": "Three more schools joined, but later than planned.",
            "visibility": "public",
        },
    )
    assert posted.status_code == 302
    assert "Three more schools joined" in text(anonymous.get(objective.get_absolute_url()))
    assert "At risk" in text(anonymous.get(initiative.get_absolute_url()))


def test_a_new_initiative_shows_at_once_on_the_home_page(world):
    assert "Early care for all" not in text(Client().get("/"))
    Initiative.objects.create(name="Early care for all", slug="early-care")
    assert "Early care for all" in text(Client().get("/"))


def test_an_event_edited_shows_at_once_on_its_page_the_list_and_home(client, world):
    event = world["event"]
    signed_in_organizer(client, world["host"])
    anonymous = Client()
    pages = [event.get_absolute_url(), "/events/", "/"]
    for url in pages:
        assert "Lynn Public Library" in text(anonymous.get(url))
    starts = event.starts_at.astimezone()
    response = client.post(
        f"/events/{event.slug}/organize/",
        event_form(
            hosts=[world["host"].pk],
            title_en="Listening session in Lynn",
            venue="Lynn Community Center",
            starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(starts + (event.ends_at - event.starts_at)).strftime("%Y-%m-%dT%H:%M"),
            capacity="3",
        ),
    )
    assert response.status_code == 302
    for url in pages:
        page = text(anonymous.get(url))
        assert "Lynn Community Center" in page, url
        assert "Lynn Public Library" not in page, url


def test_a_seat_taken_changes_seats_left_on_the_event_page_and_list_at_once(world):
    event = world["event"]
    anonymous = Client()
    for url in (event.get_absolute_url(), "/events/"):
        assert "3 seats left" in text(anonymous.get(url))
    registrant = Client()
    response = registrant.post(
        f"/events/{event.slug}/register/",
        {"name": "Rosa Delgado", "email": "rosa@example.org", "language": "es", "consent": "on"},
    )
    assert response.status_code == 302
    for url in (event.get_absolute_url(), "/events/"):
        page = text(anonymous.get(url))
        assert "2 seats left" in page and "3 seats left" not in page, url


def test_the_language_link_gives_the_other_language_and_both_are_kept_apart(world):
    visitor = Client()
    english = text(visitor.get("/events/"))
    assert '<html lang="en">' in english
    link = re.search(r'href="(/language/es/\?next=[^"]+)" hreflang="es" lang="es"', english)
    switched = visitor.get(link.group(1).replace("&amp;", "&"))
    assert switched.status_code == 302 and switched["Location"] == "/events/"
    cookie = switched.cookies["django_language"]
    assert cookie.value == "es" and cookie["path"] == "/"
    spanish = text(visitor.get("/events/"))
    assert '<html lang="es">' in spanish and ">Eventos</a>" in spanish
    assert 'hreflang="es" lang="es" aria-current="true">Español</a>' in spanish
    # Each language is kept, and each visitor gets their own from the cache.
    again_en, en_queries = queries_of(Client(), "/events/")
    again_es, es_queries = queries_of(visitor, "/events/")
    assert (en_queries, es_queries) == (0, 0)
    assert text(again_en) == english and text(again_es) == spanish
    # A browser that asks for Spanish, with no cookie, gets the Spanish page.
    asked = Client().get("/events/", headers={"accept-language": "es"})
    assert '<html lang="es">' in text(asked)


def test_the_language_link_goes_back_only_to_this_site(client):
    response = client.get("/language/es/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/language/xx/", {"next": "/"}).status_code == 404


def test_a_signed_in_person_keeps_the_language_on_their_account(client):
    person = UserFactory(name="Ana Souza", preferred_language="en")
    client.force_login(person)
    response = client.get("/language/es/", {"next": "/me/"})
    assert response["Location"] == "/me/"
    person.refresh_from_db()
    assert person.preferred_language == "es"
    assert '<html lang="es">' in text(client.get("/me/"))


def test_signed_in_and_anonymous_visitors_never_get_each_others_page(client, world):
    url = f"/partners/{world['host'].slug}/"
    anonymous_first = text(Client().get(url))
    assert "Sign in" in anonymous_first
    member = UserFactory(name="Marisol Reyes")
    client.force_login(member)
    signed_in = client.get(url)
    assert "Marisol" in text(signed_in) and "Sign in</a>" not in text(signed_in)
    assert "public" not in signed_in.get("Cache-Control", "")
    # What the signed-in person got was not kept for the next anonymous visitor.
    anonymous_after = text(Client().get(url))
    assert "Marisol" not in anonymous_after and anonymous_after == anonymous_first


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(world):
    visitor = Client()
    visitor.get("/events/")
    visitor.cookies["messages"] = "anything"
    response = visitor.get("/events/")
    # Rendered for them, not the shared page (which carries an ETag and says "public").
    assert response.status_code == 200
    assert "ETag" not in response and "public" not in response.get("Cache-Control", "")


@pytest.fixture
def redis_away(settings):
    """The default cache is Redis at an address where nothing listens: on its fallback."""
    settings.CACHES = {
        "default": {
            "BACKEND": "coalition.cache.FallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens here
            "KEY_PREFIX": "pagecache-down",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    yield
    cache.clear()


def test_nothing_is_kept_while_redis_is_away(redis_away, world):
    for _ in range(2):
        first = Client().get("/events/")
        assert "Listening session in Lynn" in text(first)
        assert "ETag" not in first and "public" not in first.get("Cache-Control", "")
    # A change no signal announces shows at once: nothing was served from memory.
    Event.objects.filter(pk=world["event"].pk).update(title_en="Renamed in bulk")
    response, count = queries_of(Client(), "/events/")
    assert count > 0
    assert "Renamed in bulk" in text(response)


# The initiatives app keeps the main content of its pages across addresses (coalition.fragments).


def shared_part_urls(w) -> list[str]:
    return [
        w["initiative"].get_absolute_url(),
        w["objective"].get_absolute_url(),
        w["site"].get_absolute_url(),
        "/sites/",
    ]


def test_a_pages_main_content_is_shared_across_addresses_and_a_change_shows_at_once(world):
    objective = world["objective"]
    objective.site = world["site"]
    objective.save()
    for n, url in enumerate(shared_part_urls(world)):
        first = text(Client().get(f"{url}?utm_source=a{n}"))
        # Another address of the page: its content is not read again.
        again, count = queries_of(Client(), f"{url}?utm_source=b{n}")
        assert count == 0, url
        assert text(again).replace(f"b{n}", f"a{n}") == first, url
        # Nothing of the address reaches the content (its links, its filters).
        assert "utm_source" not in text(again).split("<main")[1], url
    # A change shows at once on every one of them, under any address.
    objective.title = "Integrated and welcoming schools"
    objective.save()
    world["site"].name = "Lynn, renamed"
    world["site"].save()
    for n, url in enumerate(shared_part_urls(world)):
        page = text(Client().get(f"{url}?utm_source=c{n}"))
        expected = "Lynn, renamed" if url == "/sites/" else "Integrated and welcoming"
        assert expected in page, url


def test_the_shared_content_is_kept_apart_by_page_partner_view_and_language(client, world):
    from initiatives.models import ProgressUpdate
    from tests.factories import progress_update

    objective, initiative = world["objective"], world["initiative"]
    progress_update(
        objective,
        organization=world["host"],
        status="at_risk",
        visibility=ProgressUpdate.Visibility.PARTNERS,
        narrative="Said to partners only.",
    )
    anonymous = text(Client().get(f"{initiative.get_absolute_url()}?a=1"))
    staff = verified("staff@example.org")
    join_staff(world["host"], staff)
    client.force_login(staff)
    partners = text(client.get(initiative.get_absolute_url()))
    assert "At risk" in partners and "At risk" not in anonymous
    assert "At risk" not in text(Client().get(f"{initiative.get_absolute_url()}?a=2"))
    # Signed-in viewers of an objective get its content rendered for them (their rights).
    assert "Said to partners only." in text(client.get(objective.get_absolute_url()))
    assert "Said to partners only." not in text(Client().get(objective.get_absolute_url()))
    # The other language's content is its own.
    url = world["site"].get_absolute_url()
    english = text(Client().get(f"{url}?b=1"))
    reader = Client()
    reader.cookies["django_language"] = "es"
    spanish = text(reader.get(f"{url}?b=2"))
    assert '<html lang="es">' in spanish
    assert "Upcoming events here" in english and "Upcoming events here" not in spanish


def test_shared_content_is_rendered_live_while_redis_is_away(redis_away, world):
    from initiatives.models import DemonstrationSite

    url = world["site"].get_absolute_url()
    assert "Lynn" in text(Client().get(f"{url}?a=1"))
    # A change no signal announces shows at once: nothing was kept in this process's memory.
    DemonstrationSite.objects.filter(pk=world["site"].pk).update(name_en="Renamed in bulk")
    response, count = queries_of(Client(), f"{url}?a=2")
    assert count > 0
    assert "Renamed in bulk" in text(response)
