"""The leads' pages: granting and revoking the lead role (who may, the rules, the emails and
their links) and the audit log."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import AuditLog
from coalition.services import audit_log
from partners.models import Membership
from tests import factories

NETWORK_PAGES = ("/network/leads/", "/network/audit/")


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _lead(email, name="Dana Whitfield"):
    lead = _verified(factories.UserFactory(email=email, name=name, is_coalition_lead=True))
    TOTP.activate(lead, "JBSWY3DPEHPK3PXP")
    return lead


def _link(email) -> str:
    [link] = re.findall(r"https?://\S+", email.body)
    return link


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in NETWORK_PAGES:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_members_staff_and_organization_admins_are_refused(client):
    member = _verified(factories.UserFactory(email="member@example.org"))
    admin = _verified(factories.UserFactory(email="admin@example.org"))
    factories.MembershipFactory(user=admin, role=Membership.Role.ADMIN)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    lead = _lead("lead@example.org")
    for person in (member, admin):
        client.force_login(person)
        for url in NETWORK_PAGES:
            response = client.get(url)
            assert response.status_code == 403
            assert "You cannot open this page" in response.text  # in the site's layout
        assert client.post("/network/leads/", {"email": "member@example.org"}).status_code == 403
        assert client.post(f"/network/leads/{lead.pk}/revoke/").status_code == 403
    member.refresh_from_db()
    assert not member.is_coalition_lead
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_the_header_shows_the_network_link_to_leads_only(client):
    lead = _lead("lead@example.org")
    member = _verified(factories.UserFactory(email="member@example.org"))
    client.force_login(lead)
    assert 'href="/network/leads/"' in client.get("/").text
    client.force_login(member)
    assert 'href="/network/leads/"' not in client.get("/").text


@pytest.mark.django_db
def test_the_new_lead_gets_an_email_whose_link_opens_the_lead_pages(client, sending):
    lead = _lead("lead@example.org")
    ana = _verified(factories.UserFactory(email="ana@example.org", name="Ana Souza"))
    client.force_login(lead)

    with sending():
        client.post("/network/leads/", {"email": "ana@example.org"})

    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == "You are now a coalition lead"
    assert "Hello Ana," in email.body
    link = _link(email)
    assert link == "http://testserver/network/leads/"
    client.force_login(ana)
    # The link works: a new lead is first sent to set up two-factor, then gets the page.
    assert client.get(link)["Location"] == "/accounts/2fa/totp/activate/"
    TOTP.activate(ana, "JBSWY3DPEHPK3PXP")
    response = client.get(link)
    assert response.status_code == 200
    assert "ana@example.org" in response.text


@pytest.mark.django_db
def test_a_revoked_lead_gets_an_email_with_a_link_to_their_account(client, sending):
    lead = _lead("lead@example.org")
    other = _lead("ana@example.org", name="Ana Souza")
    client.force_login(lead)

    with sending():
        client.post(f"/network/leads/{other.pk}/revoke/")

    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == "Your coalition lead role has ended"
    link = _link(email)
    assert link == "http://testserver/me/"
    client.force_login(other)
    assert client.get(link).status_code == 200
    assert client.get("/network/leads/").status_code == 403
    entry = AuditLog.objects.get(action="lead.revoked")
    assert (entry.actor, entry.target) == (lead, other)


@pytest.mark.django_db
def test_granting_twice_is_refused_and_writes_nothing(client):
    lead = _lead("lead@example.org")
    _lead("ana@example.org")
    client.force_login(lead)

    response = client.post("/network/leads/", {"email": "ana@example.org"})

    assert response.status_code == 400
    assert "already a coalition lead" in response.text
    assert not AuditLog.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_last_lead_remains_even_when_a_superuser_asks(client):
    lead = _lead("lead@example.org")
    root = _verified(factories.UserFactory(email="root@example.org", is_superuser=True))
    factories.with_two_factor(root)
    client.force_login(root)

    response = client.post(f"/network/leads/{lead.pk}/revoke/", follow=True)

    assert "The network must keep at least one coalition lead." in response.text
    lead.refresh_from_db()
    assert lead.is_coalition_lead


@pytest.mark.django_db
def test_the_audit_log_cannot_be_changed_through_its_page(client):
    lead = _lead("lead@example.org")
    client.force_login(lead)
    for method in ("post", "put", "delete"):
        assert getattr(client, method)("/network/audit/").status_code == 405


@pytest.mark.django_db
def test_an_unverified_lead_has_no_lead_powers(client):
    lead = factories.UserFactory(email="new@example.org", is_coalition_lead=True)
    client.force_login(lead)
    assert client.get("/network/leads/").status_code == 403


@pytest.mark.django_db
def test_a_lead_makes_another_person_a_lead(client, django_capture_on_commit_callbacks):
    lead = _lead("lead@example.org")
    person = _verified(factories.UserFactory(email="ana@example.org", name="Ana Souza"))
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/network/leads/", {"email": "ANA@example.org"}, follow=True)
    assert "Ana Souza is now a coalition lead." in response.text
    person.refresh_from_db()
    assert person.is_coalition_lead
    entry = AuditLog.objects.get(action="lead.granted")
    assert (entry.actor, entry.target, entry.ip_address) == (lead, person, "127.0.0.1")
    [email] = mail.outbox
    assert email.to == ["ana@example.org"]
    assert email.subject == "You are now a coalition lead"


@pytest.mark.django_db
def test_an_address_without_a_verified_account_is_refused_next_to_the_field(client):
    client.force_login(_lead("lead@example.org"))
    factories.UserFactory(email="unverified@example.org")
    response = client.post("/network/leads/", {"email": "unverified@example.org"})
    assert response.status_code == 400
    assert "No account has this verified address" in response.text
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_a_lead_cannot_remove_themself_and_one_lead_always_remains(client):
    lead = _lead("lead@example.org")
    other = _lead("other@example.org")
    client.force_login(lead)
    response = client.post(f"/network/leads/{lead.pk}/revoke/", follow=True)
    assert "You cannot remove your own lead role" in response.text
    response = client.post(f"/network/leads/{other.pk}/revoke/", follow=True)
    assert "is no longer a coalition lead" in response.text
    other.refresh_from_db()
    assert not other.is_coalition_lead
    assert AuditLog.objects.filter(action="lead.revoked").count() == 1


@pytest.mark.django_db
def test_the_audit_log_filters_by_action_and_date(client):
    import datetime as dt

    import time_machine

    lead = _lead("lead@example.org")
    org = factories.OrganizationFactory()
    with time_machine.travel(dt.datetime(2026, 3, 1, 15, tzinfo=dt.UTC), tick=False):
        audit_log(actor=lead, action="organization.approved", target=org, ip="10.0.0.1")
    with time_machine.travel(dt.datetime(2026, 5, 1, 15, tzinfo=dt.UTC), tick=False):
        audit_log(actor=lead, action="membership.approved", target=org, ip="10.0.0.2")
    client.force_login(lead)
    page = client.get("/network/audit/?action=membership").text
    assert "membership.approved" in page and "organization.approved" not in page
    page = client.get("/network/audit/?since=2026-02-01&until=2026-03-31").text
    assert "organization.approved" in page and "membership.approved" not in page


@pytest.mark.django_db
def test_the_audit_log_runs_the_same_queries_for_5_and_50_entries(client):
    lead = _lead("lead@example.org")
    client.force_login(lead)

    def count():
        client.get("/network/audit/")  # the first reads the person's roles into the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/network/audit/").status_code == 200
        return len(queries.captured_queries)

    def add(n):
        for i in range(n):
            actor = factories.UserFactory()
            audit_log(actor=actor, action="membership.requested", target=actor, ip=f"10.0.0.{i}")

    add(5)
    small = count()
    add(45)
    assert count() == small
