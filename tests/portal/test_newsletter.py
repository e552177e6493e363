"""The network newsletter: subscribed to through the same double opt-in as a community's
follow (a follow with no community), last month's new stories, sessions and public resources
once per subscriber and month, in each subscriber's language, with the one-click unsubscribe
headers, only when there is something new, in a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from coalition.models import OutboxEmail
from communities.models import Follow
from portal.newsletter import newsletter_period, newsletter_send
from tests.communities.helpers import FollowFactory, link_in
from tests.factories import EventFactory, OrganizationFactory, ResourceFactory, story

pytestmark = pytest.mark.django_db

BOSTON = ZoneInfo("America/New_York")
# Sent on the first Tuesday of December 2026, about November.
RUN = dt.datetime(2026, 12, 1, 9, 30, tzinfo=BOSTON)
IN_NOVEMBER = dt.datetime(2026, 11, 12, 12, 0, tzinfo=BOSTON)
IN_OCTOBER = dt.datetime(2026, 10, 20, 12, 0, tzinfo=BOSTON)


def at(moment):
    return time_machine.travel(moment, tick=False)


def subscriber(**fields):
    return FollowFactory(community=None, **fields)


def send(django_capture_on_commit_callbacks):
    with at(RUN), django_capture_on_commit_callbacks(execute=True):
        return newsletter_send()


def test_the_period_is_last_month_in_massachusetts():
    period = newsletter_period(RUN)
    assert period.label == "2026-11"
    assert period.start == dt.datetime(2026, 11, 1, tzinfo=BOSTON)
    assert period.end == dt.datetime(2026, 12, 1, tzinfo=BOSTON)


def test_subscribing_is_confirmed_by_email_then_unsubscribed_in_one_click(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/stories/newsletter/", {"name": "", "email": "Rosa@Example.org", "language": "es"}
        )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    follow = Follow.objects.get()
    assert follow.community is None and follow.email == "rosa@example.org"
    assert follow.confirmed_at is None
    [message] = mail.outbox
    unsubscribe = f"{settings.SITE_URL}/follows/unsubscribe/{follow.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    confirm = link_in(message, "confirm")
    assert "newsletter" in client.get(confirm).content.decode()
    assert client.post(confirm).status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at is not None

    # A mail client's one-click POST: no cookie, no CSRF token.
    response = client.post(f"/follows/unsubscribe/{follow.token}/")
    assert response.status_code == 200
    assert "You no longer receive the newsletter" in response.content.decode()
    follow.refresh_from_db()
    assert follow.unsubscribed_at is not None and follow.email == ""


def test_a_bad_address_is_refused_beside_the_field(client):
    response = client.post("/stories/newsletter/", {"email": "not-an-address", "language": "en"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Follow.objects.exists()


def test_the_form_is_on_the_stories_page(client):
    page = client.get("/stories/").content.decode()
    assert 'action="/stories/newsletter/"' in page


def test_one_active_subscription_per_address_beside_its_community_follows():
    subscriber(email="rosa@example.org")
    FollowFactory(email="rosa@example.org")  # a community's follow: another list
    with pytest.raises(IntegrityError):
        subscriber(email="rosa@example.org")


def test_last_months_stories_and_sessions_in_each_subscribers_language(
    django_capture_on_commit_callbacks,
):
    org = OrganizationFactory(name="Opportunity Coalition")
    story(organization=org, title="Teachers lead the way", at=IN_NOVEMBER)
    story(organization=org, title="An older story", at=IN_OCTOBER)
    with at(IN_NOVEMBER):
        EventFactory(
            title_en="Lynn listening session",
            title_es="Sesión de escucha en Lynn",
            starts_at=dt.datetime(2026, 12, 15, 18, 0, tzinfo=BOSTON),
        )
        EventFactory(title_en="Already over", starts_at=IN_NOVEMBER + dt.timedelta(days=1))
    english = subscriber(email="en@example.org", language="en")
    spanish = subscriber(email="es@example.org", language="es")
    subscriber(email="waiting@example.org", confirmed_at=None)
    FollowFactory(email="community@example.org")

    assert send(django_capture_on_commit_callbacks) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"en@example.org", "es@example.org"}
    body = by_address["en@example.org"].body
    assert "Teachers lead the way" in body and "An older story" not in body
    assert "Lynn listening session" in body and "Already over" not in body
    assert f"{settings.SITE_URL}/follows/unsubscribe/{english.token}/" in body
    spanish_body = by_address["es@example.org"].body
    assert "Los docentes abren el camino" in spanish_body
    assert "Sesión de escucha en Lynn" in spanish_body
    headers = by_address["es@example.org"].extra_headers
    unsubscribe = f"{settings.SITE_URL}/follows/unsubscribe/{spanish.token}/"
    assert headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    keys = set(OutboxEmail.objects.values_list("dedupe_key", flat=True))
    assert f"newsletter:2026-11:{english.pk}" in keys


def test_running_twice_in_a_month_sends_once(django_capture_on_commit_callbacks):
    story(organization=OrganizationFactory(), at=IN_NOVEMBER)
    subscriber()
    assert send(django_capture_on_commit_callbacks) == 1
    assert send(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_nothing_new_sends_nothing(django_capture_on_commit_callbacks):
    story(organization=OrganizationFactory(), at=IN_OCTOBER)
    story(organization=OrganizationFactory(), status="submitted", at=IN_NOVEMBER)
    subscriber()
    assert send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_community_digest_leaves_newsletter_subscribers_alone(
    django_capture_on_commit_callbacks,
):
    from portal.digests import follow_digests_send

    subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_digests_send() == 0


@pytest.mark.parametrize("count", [3, 30])
def test_the_newsletter_runs_the_same_queries_whatever_the_number(count):
    story(organization=OrganizationFactory(), at=IN_NOVEMBER)
    story(organization=OrganizationFactory(), at=IN_NOVEMBER)
    with at(IN_NOVEMBER):
        ResourceFactory()
        ResourceFactory()
    for _ in range(count):
        subscriber()
    with at(RUN), CaptureQueriesContext(connection) as queries:
        assert newsletter_send() == count
    # subscribers, stories, sessions, resources, then the outbox's: keys done, insert, ids to
    # publish (with the savepoints of its transaction).
    assert len(queries) == QUERIES


QUERIES = 9  # 8 before the resources: one query reads the month's new resources


def test_a_signed_in_person_with_a_verified_address_is_subscribed_at_once_and_sees_it_on_me(
    client,
):
    from tests.factories import verified_user

    person = verified_user("rosa@example.org")
    client.force_login(person)
    response = client.post(
        "/stories/newsletter/", {"email": "rosa@example.org", "language": "en", "name": ""}
    )
    assert response.status_code == 200
    assert "You are subscribed to the newsletter" in response.content.decode()
    follow = Follow.objects.get()
    assert follow.confirmed_at is not None and follow.user == person
    page = client.get("/me/").content.decode()
    assert "The network newsletter" in page
    assert client.get("/me/data/").status_code == 200
    response = client.post(f"/follows/mine/{follow.pk}/unfollow/", follow=True)
    assert "You no longer receive the newsletter." in response.content.decode()


def test_last_months_new_public_resources_in_each_subscribers_language(
    django_capture_on_commit_callbacks,
):
    with at(IN_NOVEMBER):
        added = ResourceFactory(
            title_en="Child care costs in Lynn",
            title_es="Costos del cuidado infantil en Lynn",
            kind="brief",
            source="Opportunities Exchange",
        )
        ResourceFactory(title_en="A partners-only budget", visibility="partners")
    with at(IN_OCTOBER):
        ResourceFactory(title_en="An older report")
    subscriber(email="en@example.org", language="en")
    subscriber(email="es@example.org", language="es")

    assert send(django_capture_on_commit_callbacks) == 2
    by_address = {message.to[0]: message.body for message in mail.outbox}
    body = by_address["en@example.org"]
    assert "New resources" in body
    assert "Child care costs in Lynn (Brief)" in body
    assert "Opportunities Exchange, June 1, 2024" in body
    assert f"{settings.SITE_URL}/resources/{added.slug}/" in body
    assert "A partners-only budget" not in body and "An older report" not in body
    spanish = by_address["es@example.org"]
    assert "Costos del cuidado infantil en Lynn" in spanish
    assert "A partners-only budget" not in spanish


def test_a_partners_only_resource_alone_sends_nothing(django_capture_on_commit_callbacks):
    with at(IN_NOVEMBER):
        ResourceFactory(visibility="partners")
    subscriber()
    assert send(django_capture_on_commit_callbacks) == 0
