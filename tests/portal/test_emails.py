"""The leads' page of emails that could not be sent: who may see it, what it shows (recipients
masked), and sending one again (audited, delivered once)."""

import pytest
from django.core import mail

from coalition.models import AuditLog, OutboxEmail
from partners.models import Membership
from tests import factories
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

URL = "/network/emails/"


def test_a_lead_sees_failed_and_unknown_emails_with_recipients_masked(client):
    client.force_login(factories.two_factor_lead())
    failed = factories.OutboxEmailFactory(unsent=True)
    factories.OutboxEmailFactory(
        unsent=True, status=OutboxEmail.Status.UNKNOWN, to=["dana@example.net"]
    )
    factories.OutboxEmailFactory(
        unsent=True, status=OutboxEmail.Status.SENT, to=["sent@example.org"]
    )
    factories.OutboxEmailFactory(
        unsent=True, status=OutboxEmail.Status.PENDING, to=["waiting@example.org"]
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "pa…@example.org" in page
    assert "da…@example.net" in page
    assert "parent.rivera" not in page
    assert "sent@example.org" not in page and "se…@example.org" not in page
    assert "wa…@example.org" not in page
    assert failed.subject in page
    assert "SMTPServerDisconnected" in page
    assert "Outcome unknown" in page
    assert markup_problems(page) == []


def test_sending_again_queues_it_audits_it_and_it_is_delivered_once(
    client, django_capture_on_commit_callbacks
):
    lead = factories.two_factor_lead()
    client.force_login(lead)
    email = factories.OutboxEmailFactory(unsent=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{email.pk}/resend/")
    assert response.status_code == 302
    assert response["Location"] == URL
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    [message] = mail.outbox
    assert message.to == ["parent.rivera@example.org"]
    assert message.message()["Message-ID"] == "<170000.1@example.org>"  # the same one
    entry = AuditLog.objects.get(action="email.resent")
    assert (entry.actor, entry.object_id) == (lead, str(email.pk))
    # Sent now: no longer listed, and a second press finds nothing to send.
    assert "pa…@example.org" not in client.get(URL).content.decode()
    assert client.post(f"{URL}{email.pk}/resend/").status_code == 404
    assert len(mail.outbox) == 1


def test_people_who_are_not_leads_are_refused(client):
    email = factories.OutboxEmailFactory(unsent=True)
    admin = factories.with_two_factor(factories.verified_user("admin@example.org"))
    factories.MembershipFactory(user=admin, role=Membership.Role.ADMIN)
    member = factories.verified_user("member@example.org")
    for person in (member, admin):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(f"{URL}{email.pk}/resend/").status_code == 403
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert mail.outbox == []
    client.logout()
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_a_lead_without_two_factor_is_sent_to_set_it_up(client):
    lead = factories.verified_user("new-lead@example.org", is_coalition_lead=True)
    client.force_login(lead)
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]
