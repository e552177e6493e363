"""Pages for coalition leads: who leads the network, and the audit log."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import AuditLog
from coalition.services import audit_log
from tests import factories


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _lead(email="lead@example.org", with_2fa=True):
    lead = _verified(factories.UserFactory(email=email, name="Dana Lead", is_coalition_lead=True))
    if with_2fa:
        TOTP.activate(lead, "JBSWY3DPEHPK3PXP")
    return lead


@pytest.mark.django_db
def test_a_lead_without_two_factor_is_sent_to_set_it_up_then_comes_back(client):
    lead = _lead(with_2fa=False)
    client.force_login(lead)
    response = client.get("/network/audit/?action=lead")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # The two-factor pages offer the way back to the page asked for.
    index = client.get("/accounts/2fa/").text
    assert 'href="/network/audit/?action=lead"' in index
    TOTP.activate(lead, "JBSWY3DPEHPK3PXP")
    response = client.get("/network/audit/?action=lead")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert "after_mfa" not in client.session


@pytest.mark.django_db
def test_an_unverified_lead_has_no_lead_powers(client):
    lead = factories.UserFactory(email="new@example.org", is_coalition_lead=True)
    client.force_login(lead)
    assert client.get("/network/leads/").status_code == 403


@pytest.mark.django_db
def test_a_lead_makes_another_person_a_lead(client, django_capture_on_commit_callbacks):
    lead = _lead()
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
    client.force_login(_lead())
    factories.UserFactory(email="unverified@example.org")
    response = client.post("/network/leads/", {"email": "unverified@example.org"})
    assert response.status_code == 400
    assert "No account has this verified address" in response.text
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_a_lead_cannot_remove_themself_and_one_lead_always_remains(client):
    lead = _lead()
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

    lead = _lead()
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
    lead = _lead()
    client.force_login(lead)

    def count():
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
