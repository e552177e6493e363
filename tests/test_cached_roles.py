"""A person's roles are kept in the shared cache (coalition.permissions.roles_of) and every
change to them counts from the person's very next request: a membership approved, removed or
made by an organization's approval, the lead role granted or revoked, the address verified,
two-factor set up. While Redis is away they are read from the database, never from the
process's memory."""

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coalition import versions
from coalition.permissions import ROLES_CACHE_FOR
from partners import services as partners_services
from partners.models import Membership, Organization
from tests.factories import (
    DEFAULT_PASSWORD,
    SITE_URL,
    EventFactory,
    InitiativeFactory,
    InitiativePartnerFactory,
    MembershipFactory,
    ObjectiveFactory,
    OrganizationFactory,
    UserFactory,
    join_staff,
    totp_code,
    two_factor_lead,
    verified_user,
    with_two_factor,
)
from tests.support.pages import render_next_visit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 14, 15, 0, tzinfo=dt.UTC)
ROLE_TABLES = ("account_emailaddress", "partners_membership", "mfa_authenticator")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def role_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in ROLE_TABLES)]


@pytest.fixture
def edvestors():
    return OrganizationFactory(name="EdVestors", slug="edvestors")


@pytest.fixture
def admin(edvestors):
    admin = with_two_factor(verified_user("marisa@example.org"))
    MembershipFactory(user=admin, organization=edvestors, role=Membership.Role.ADMIN)
    return signed_in(admin)


def test_the_cached_roles_answer_the_next_request(django_assert_num_queries, edvestors):
    staff = join_staff(edvestors, verified_user("tomas@example.org")).user
    EventFactory(hosts=[edvestors])
    client = signed_in(staff)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/events/organize/").status_code == 200
    assert len(role_queries(first)) == 3  # address verified, memberships, two-factor
    # The page count, the events, their hosts: nothing about the person, their roles or the
    # session.
    with django_assert_num_queries(3) as second:
        assert client.get("/events/organize/").status_code == 200
    assert role_queries(second) == []


def test_a_membership_approved_then_removed_counts_from_the_next_request(admin, edvestors):
    person = signed_in(verified_user("tomas@example.org"))
    assert person.post("/partners/edvestors/join/").status_code == 302
    assert person.get("/events/organize/").status_code == 403
    membership = Membership.objects.get(user__email="tomas@example.org")

    url = f"/partners/edvestors/staff/requests/{membership.pk}/"
    assert admin.post(url, {"decision": "approve"}).status_code == 302
    assert person.get("/events/organize/").status_code == 200

    url = f"/partners/edvestors/staff/members/{membership.pk}/remove/"
    assert admin.post(url).status_code == 302
    assert person.get("/events/organize/").status_code == 403


def test_an_organization_approved_makes_its_applicant_admin_at_the_next_request():
    applicant = verified_user("ana@example.org")
    organization = partners_services.organization_apply(
        name="Lynn Learns", sector="community", actor=applicant, ip=None, site_url=SITE_URL
    )
    person = signed_in(applicant)
    assert person.get("/events/organize/").status_code == 403
    lead = signed_in(two_factor_lead())
    applied = Organization.objects.get(pk=organization.pk)
    response = lead.post(f"/partners/applications/{applied.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    # The applicant's membership became active through QuerySet.update(): bumped by hand.
    assert person.get("/events/organize/").status_code == 200


def test_the_lead_role_granted_then_revoked_counts_from_the_next_request():
    lead = signed_in(two_factor_lead())
    ana = signed_in(with_two_factor(verified_user("ana@example.org")))
    assert ana.get("/network/audit/").status_code == 403
    assert 'href="/network/leads/"' not in ana.get("/").text

    assert lead.post("/network/leads/", {"email": "ana@example.org"}).status_code == 302
    assert ana.get("/network/audit/").status_code == 200
    assert 'href="/network/leads/"' in ana.get("/").text

    ana_id = EmailAddress.objects.get(email="ana@example.org").user_id
    assert lead.post(f"/network/leads/{ana_id}/revoke/").status_code == 302
    assert ana.get("/network/audit/").status_code == 403


def test_an_address_verified_counts_from_the_next_request():
    user = with_two_factor(UserFactory(email="dana@example.org", is_coalition_lead=True))
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    client = signed_in(user)
    assert client.get("/network/audit/").status_code == 403  # powers wait for the address

    client.post(f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/")
    address.refresh_from_db()
    assert address.verified
    assert client.get("/network/audit/").status_code == 200


def test_two_factor_set_up_counts_from_the_next_request(client):
    with time_machine.travel(NOW, tick=False):
        verified_user("dana@example.org", is_coalition_lead=True)
        client.post("/accounts/login/", {"login": "dana@example.org", "password": DEFAULT_PASSWORD})
        client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
        assert client.get("/network/audit/")["Location"] == "/accounts/2fa/totp/activate/"

        secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret, at=NOW)})
        assert response.status_code == 302
        assert client.get("/network/audit/").status_code == 200


def test_a_change_without_a_signal_shows_within_the_safety_net(memory_cache, edvestors):
    """A QuerySet.update() that forgot its bump (the services never do) shows at most
    ROLES_CACHE_FOR later: no answer is kept for ever."""
    with time_machine.travel(NOW, tick=False) as clock:
        membership = join_staff(edvestors, verified_user("tomas@example.org"))
        person = signed_in(membership.user)
        assert person.get("/events/organize/").status_code == 200
        Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.DECLINED)
        assert person.get("/events/organize/").status_code == 200  # the cached answer
        clock.shift(dt.timedelta(seconds=ROLES_CACHE_FOR + 1))
        assert person.get("/events/organize/").status_code == 403


def test_with_redis_down_roles_are_read_live_and_right(redis_down, edvestors):
    membership = join_staff(edvestors, verified_user("tomas@example.org"))
    person = signed_in(membership.user)
    with CaptureQueriesContext(connection) as queries:
        assert person.get("/events/organize/").status_code == 200
    assert len(role_queries(queries)) == 3
    assert cache.is_using_fallback

    # What this process's memory holds (say, from before the outage) is never an answer.
    user_id = membership.user_id
    version = versions.current(f"roles:{user_id}")[f"roles:{user_id}"]
    cache._fallback.set(f"roles-of:{user_id}", (version, (True, frozenset(), frozenset(), True)))
    with CaptureQueriesContext(connection) as queries:
        assert person.get("/events/organize/").status_code == 200
    assert len(role_queries(queries)) == 3

    partners_services.membership_remove(membership=membership, actor=membership.user, ip=None)
    assert person.get("/events/organize/").status_code == 403


def test_roles_are_kept_with_what_the_rows_say(edvestors):
    """The cached value is the user row and the database's part of the roles, kept together
    (coalition.backends) under the version of the person's roles."""
    staff = join_staff(edvestors, verified_user("tomas@example.org"), role="admin").user
    signed_in(staff).get("/events/organize/")
    version, (user, grants) = cache.get(f"person:{staff.pk}")
    assert version == versions.current(f"roles:{staff.pk}")[f"roles:{staff.pk}"]
    assert user.email == "tomas@example.org"
    assert grants == (True, frozenset({edvestors.pk}), frozenset({edvestors.pk}), False)


def test_signed_in_pages_ask_nothing_of_roles_or_the_session_once_cached(
    django_assert_num_queries, edvestors
):
    initiative = InitiativeFactory(slug="alpha")
    InitiativePartnerFactory(initiative=initiative, organization=edvestors)
    ObjectiveFactory(initiative=initiative).owners.add(edvestors)
    member = signed_in(verified_user("member@example.org"))
    staff = signed_in(join_staff(edvestors, verified_user("tomas@example.org")).user)
    for client, url, expected in [
        # Their organizations, verified addresses (read once for every section),
        # registrations (coming up and past counted in one query; no page read when there are
        # none), their suggestions of where to meet, their follows of communities (by account
        # or verified address), their applications to programs.
        (member, "/me/", 6),
        (staff, "/me/", 6),
        # The initiative, its objectives (counted, then a page), focus areas,
        # milestones, indicators, partners, sites, sub-initiatives, events and documents open
        # for comment.
        (staff, "/initiatives/alpha/", 11),
    ]:
        client.get(url)  # the first reads the person's roles into the cache
        render_next_visit()  # the page rendered, not its copy kept for the person
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
