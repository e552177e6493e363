"""Invitations by email: a signed link that works once, for seven days, for the invited address."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail, signing

from coalition.models import AuditLog
from partners.models import Invitation, Membership
from partners.services import invitation_token, membership_request
from tests.factories import (
    SITE_URL,
    InvitationFactory,
    OrganizationFactory,
    UserFactory,
    join_staff,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

SENT = dt.datetime(2025, 3, 10, 14, 0, tzinfo=dt.UTC)  # a Monday morning in Boston
WRONG_ACCOUNT = "This invitation was sent to another address."


def verified(**fields):
    """A person whose sign-in address is verified, so their roles count."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def admin_of(organization, **fields):
    admin = verified(**fields)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    join_staff(organization, admin, role=Membership.Role.ADMIN)
    return admin


def link_in(message) -> str:
    """The one link of an email, as a path on this site."""
    [path] = re.findall(r"http://testserver(/\S*)", message.body)
    return path


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """`with sending():` delivers the outbox's emails when the block ends, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def rennie(db):
    return OrganizationFactory(name="Rennie Center", slug="rennie-center")


@pytest.fixture
def invite(client, sending, rennie):
    """An admin of the Rennie Center invites an address; returns the emailed link's path."""
    admin = admin_of(rennie, name="Chad d'Entremont")

    def invite(email="Nadia.Morales@Example.org", role="staff"):
        client.force_login(admin)
        with sending():
            response = client.post(
                "/partners/rennie-center/staff/invite/",
                {"email": email, "role": role, "language": "en"},
            )
        assert response.status_code == 302, response.content
        client.logout()
        return link_in(mail.outbox[-1])

    invite.admin = admin
    return invite


def test_invitation_email_link_lets_the_invited_person_join(client, invite, rennie):
    link = invite()

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("nadia.morales@example.org", "staff")
    [message] = mail.outbox
    assert message.to == ["nadia.morales@example.org"]
    assert message.subject == "Invitation to join Rennie Center on the coalition portal"
    assert "Chad d'Entremont sent this invitation." in message.body
    sent = AuditLog.objects.get(action="invitation.sent")
    assert (sent.actor, sent.target, sent.ip_address) == (invite.admin, invitation, "127.0.0.1")

    # The address was typed with capitals; the account's is in lower case.
    nadia = verified(name="Nadia Morales", email="nadia.morales@example.org")
    client.force_login(nadia)
    page = client.get(link)
    assert page.status_code == 200
    assert "Accept the invitation" in page.text
    assert markup_problems(page.text) == []
    response = client.post(link, follow=True)

    assert response.redirect_chain == [("/partners/rennie-center/", 302)]
    assert "Welcome to the staff of Rennie Center." in response.text
    membership = Membership.objects.get(user=nadia, organization=rennie)
    assert (membership.status, membership.role) == (Membership.Status.ACTIVE, "staff")
    invitation.refresh_from_db()
    assert invitation.accepted_by == nadia
    accepted = AuditLog.objects.get(action="invitation.accepted")
    assert (accepted.actor, accepted.target) == (nadia, invitation)


def test_an_invitation_as_admin_makes_an_admin_and_activates_a_pending_request(
    client, invite, rennie
):
    person = verified(email="laura@example.org")
    membership_request(organization=rennie, actor=person, ip=None, site_url=SITE_URL)
    link = invite(email="laura@example.org", role="admin")

    client.force_login(person)
    client.post(link)

    membership = Membership.objects.get(user=person, organization=rennie)
    assert (membership.status, membership.role) == (Membership.Status.ACTIVE, "admin")


@pytest.mark.parametrize(
    ("later", "works"),
    [(dt.timedelta(days=7, minutes=-1), True), (dt.timedelta(days=7, minutes=1), False)],
)
def test_the_link_expires_after_seven_days(client, invite, rennie, later, works):
    with time_machine.travel(SENT, tick=False):
        link = invite(email="sam@example.org")
    client.force_login(verified(email="sam@example.org"))

    with time_machine.travel(SENT + later, tick=False):
        page = client.get(link)
        response = client.post(link)

    if works:
        assert page.status_code == 200
        assert response.status_code == 302
        assert Membership.objects.filter(organization=rennie, user__email="sam@example.org")
    else:
        assert page.status_code == response.status_code == 410
        assert "This invitation has expired. Ask the organization for a new one." in response.text
        assert "Accept the invitation" not in response.text
        assert not Membership.objects.filter(user__email="sam@example.org").exists()
        assert not AuditLog.objects.filter(action="invitation.accepted").exists()


def test_the_link_works_once(client, invite, rennie):
    link = invite(email="sam@example.org")
    client.force_login(verified(email="sam@example.org"))
    assert client.post(link).status_code == 302

    again = client.post(link)

    assert again.status_code == 410
    assert "This invitation has already been used." in again.text
    assert AuditLog.objects.filter(action="invitation.accepted").count() == 1


def test_someone_else_signed_in_is_told_without_learning_the_address(client, invite, rennie):
    link = invite(email="sam@example.org")
    client.force_login(verified(email="not-sam@example.org"))

    page = client.get(link)
    response = client.post(link)

    for answer in (page, response):
        assert answer.status_code == 403
        assert WRONG_ACCOUNT in answer.text
        assert "sam@example.org" not in answer.text
    assert not Membership.objects.filter(organization=rennie, role="staff").exists()
    assert not AuditLog.objects.filter(action="invitation.accepted").exists()


def test_the_invited_address_must_be_verified_first(client, invite, rennie):
    link = invite(email="sam@example.org")
    sam = UserFactory(email="sam@example.org")
    EmailAddress.objects.create(user=sam, email=sam.email, verified=False, primary=True)
    client.force_login(sam)

    response = client.post(link)

    assert response.status_code == 403
    assert "Verify your email address sam@example.org first" in response.text
    assert not Membership.objects.filter(user=sam).exists()


def test_anonymous_visitors_sign_in_first_and_forged_links_are_404(client, invite):
    link = invite()

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/partners/invitations/")
    client.force_login(verified())
    assert client.get(link[:-3] + "xyz/").status_code == 404
    assert client.get("/partners/invitations/not-a-token/").status_code == 404


def test_inviting_an_address_with_an_open_invitation_is_refused_next_to_the_field(
    client, invite, rennie
):
    invite(email="sam@example.org")
    client.force_login(invite.admin)

    response = client.post(
        "/partners/rennie-center/staff/invite/",
        {"email": "SAM@example.org", "role": "staff", "language": "en"},
    )

    assert response.status_code == 400
    errors = re.search(r'id="id_email_error">(.*?)</ul>', response.text, re.S)
    assert "An invitation to this address is still open." in errors.group(1)
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_after_expiry_the_same_address_can_be_invited_again(client, invite, rennie):
    with time_machine.travel(SENT, tick=False):
        first = invite(email="sam@example.org")
    with time_machine.travel(SENT + dt.timedelta(days=8), tick=False):
        second = invite(email="sam@example.org")

    assert first != second
    old, new = Invitation.objects.order_by("created_at")
    assert old.revoked_at is not None and new.revoked_at is None


def test_staff_already_there_are_not_invited(client, invite, rennie):
    join_staff(rennie, UserFactory(email="kim@example.org"))
    client.force_login(invite.admin)
    response = client.post(
        "/partners/rennie-center/staff/invite/",
        {"email": "kim@example.org", "role": "staff", "language": "en"},
    )
    assert response.status_code == 400
    assert "This person is already on the staff." in response.text
    assert not Invitation.objects.exists()


def test_a_revoked_invitation_no_longer_works(client, invite, rennie):
    link = invite(email="sam@example.org")
    invitation = Invitation.objects.get()
    client.force_login(invite.admin)

    response = client.post(
        f"/partners/rennie-center/staff/invitations/{invitation.pk}/revoke/", follow=True
    )

    assert "The invitation to sam@example.org was withdrawn." in response.text
    assert "No invitations are open." in response.text
    revoked = AuditLog.objects.get(action="invitation.revoked")
    assert (revoked.actor, revoked.target) == (invite.admin, invitation)
    client.force_login(verified(email="sam@example.org"))
    refused = client.post(link)
    assert refused.status_code == 410
    assert "This invitation was withdrawn." in refused.text


@pytest.mark.parametrize(
    ("account_language", "chosen", "expiry"),
    [
        # Someone with an account gets it in their own language, whatever the form said.
        ("es", "en", "17 de marzo de 2025"),
        (None, "es", "17 de marzo de 2025"),
        (None, "en", "March 17, 2025"),
    ],
)
def test_the_invitation_email_is_written_in_the_invited_persons_language(
    client, sending, rennie, account_language, chosen, expiry
):
    if account_language:
        UserFactory(email="lucia@example.org", preferred_language=account_language)
    client.force_login(admin_of(rennie))
    with time_machine.travel(SENT, tick=False), sending():
        client.post(
            "/partners/rennie-center/staff/invite/",
            {"email": "lucia@example.org", "role": "staff", "language": chosen},
        )
    [message] = mail.outbox
    assert message.to == ["lucia@example.org"]
    assert expiry in message.body


def test_a_token_signed_for_something_else_is_refused(client, rennie):
    invitation = InvitationFactory(organization=rennie, email="sam@example.org")
    client.force_login(verified(email="sam@example.org"))
    genuine = client.get(f"/partners/invitations/{invitation_token(invitation=invitation)}/")
    assert genuine.status_code == 200
    other_salt = signing.dumps(invitation.pk, salt="events.registration")
    assert client.get(f"/partners/invitations/{other_salt}/").status_code == 404
