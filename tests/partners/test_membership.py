"""Asking to join an organization, and its staff page: requests, roles, removals, the last admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import AuditLog
from partners.models import Invitation, Membership
from partners.services import invitation_send, membership_request
from tests.factories import (
    SITE_URL,
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    join_staff,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db


def verified(**fields):
    """A person whose sign-in address is verified, so their roles count."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def with_two_factor(user):
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def admin_of(organization, **fields):
    """An admin with two-factor on. Made by hand, not through the services (`join_staff`):
    several tests here count every audit row or every request, and would count these too."""
    admin = with_two_factor(verified(**fields))
    MembershipFactory(user=admin, organization=organization, role=Membership.Role.ADMIN)
    return admin


def link_in(message) -> str:
    """The one link of an email, as a path on this site."""
    [path] = re.findall(r"http://testserver(/\S*)", message.body)
    return path


def audit_actions(target=None):
    rows = AuditLog.objects.order_by("pk")
    if target is not None:
        rows = [row for row in rows if row.target == target]
    return [row.action for row in rows]


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """`with sending():` delivers the outbox's emails when the block ends, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def edvestors(db):
    return OrganizationFactory(name="EdVestors", slug="edvestors")


# Asking to join


def test_join_request_is_approved_by_an_admin_and_each_side_gets_an_email(
    client, sending, edvestors
):
    admin = admin_of(edvestors, name="Marisa Vélez", email="marisa@edvestors.example")
    person = verified(name="Tomás Rivera", email="tomas@example.org")
    client.force_login(person)
    assert "Ask to join" in client.get("/partners/edvestors/").text

    with sending():
        response = client.post("/partners/edvestors/join/")

    assert response.status_code == 302
    membership = Membership.objects.get(user=person, organization=edvestors)
    assert membership.status == Membership.Status.REQUESTED
    request_row = AuditLog.objects.get(action="membership.requested")
    assert (request_row.actor, request_row.target, request_row.ip_address) == (
        person,
        membership,
        "127.0.0.1",
    )
    assert "The request is waiting for a decision" in client.get("/partners/edvestors/").text
    [to_admin] = mail.outbox
    assert to_admin.to == ["marisa@edvestors.example"]
    assert to_admin.subject == "Tomás Rivera asks to join EdVestors"
    assert "tomas@example.org" in to_admin.body

    client.force_login(admin)
    staff_page = client.get(link_in(to_admin))
    assert staff_page.status_code == 200
    assert "Tomás Rivera" in staff_page.text
    with sending():
        response = client.post(
            f"/partners/edvestors/staff/requests/{membership.pk}/", {"decision": "approve"}
        )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == (Membership.Status.ACTIVE, admin)
    assert audit_actions(membership) == ["membership.requested", "membership.approved"]
    assert AuditLog.objects.get(action="membership.approved").actor == admin
    [_, to_person] = mail.outbox
    assert to_person.to == ["tomas@example.org"]
    assert to_person.subject == "You joined the staff of EdVestors"
    client.force_login(person)
    page = client.get(link_in(to_person))
    assert page.status_code == 200
    assert "You are on this organization's staff (Staff)." in page.text


def test_declined_request_tells_the_person_and_cannot_be_repeated(client, sending, edvestors):
    admin = admin_of(edvestors)
    person = verified(name="Keisha Brown", email="keisha@example.org")
    membership = MembershipFactory(
        user=person, organization=edvestors, status=Membership.Status.REQUESTED
    )
    client.force_login(admin)

    with sending():
        response = client.post(
            f"/partners/edvestors/staff/requests/{membership.pk}/",
            {"decision": "decline"},
            follow=True,
        )

    assert "The request of Keisha Brown was declined." in response.text
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    assert audit_actions(membership) == ["membership.declined"]
    [to_person] = mail.outbox
    assert to_person.to == ["keisha@example.org"]
    assert to_person.subject == "Your request to join EdVestors"
    client.force_login(person)
    assert client.get(link_in(to_person)).status_code == 200

    with sending():
        again = client.post("/partners/edvestors/join/", follow=True)
    assert "Your request to join was declined." in again.text
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.DECLINED
    assert len(mail.outbox) == 1


def test_without_an_admin_the_request_goes_to_the_leads_whose_address_is_verified(
    client, sending, edvestors
):
    verified(email="lead@example.org", is_coalition_lead=True)
    UserFactory(email="unverified-lead@example.org", is_coalition_lead=True)
    client.force_login(verified(name="Ana Lucia Gomez"))

    with sending():
        client.post("/partners/edvestors/join/")

    assert [message.to for message in mail.outbox] == [["lead@example.org"]]
    assert mail.outbox[0].subject == "Ana Lucia Gomez asks to join EdVestors"


def test_an_unapproved_organization_cannot_be_joined(client):
    OrganizationFactory(slug="not-yet", approved=False)
    client.force_login(verified())
    assert client.post("/partners/not-yet/join/").status_code == 404
    assert not Membership.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in_to_join(client, edvestors):
    page = client.get("/partners/edvestors/")
    assert 'href="/accounts/login/?next=/partners/edvestors/"' in page.text
    response = client.post("/partners/edvestors/join/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Who sees the staff page


@pytest.mark.parametrize(
    ("who", "approved", "expected"),
    [
        ("staff", True, 403),
        ("member", True, 403),
        ("admin", True, 200),
        ("lead", True, 200),
        # An organization still waiting for approval is private.
        ("member", False, 404),
        ("lead", False, 200),
    ],
)
def test_staff_page_answers_by_role(client, who, approved, expected):
    organization = OrganizationFactory(slug="org", approved=approved)
    people = {
        "member": verified(),
        "lead": with_two_factor(verified(is_coalition_lead=True)),
        "admin": admin_of(organization),
        "staff": MembershipFactory(organization=organization).user,
    }
    EmailAddress.objects.create(user=people["staff"], email=people["staff"].email, verified=True)
    client.force_login(people[who])
    assert client.get("/partners/org/staff/").status_code == expected


def test_an_admin_without_two_factor_is_sent_to_set_it_up(client, edvestors):
    admin = verified()
    join_staff(edvestors, admin, role=Membership.Role.ADMIN)
    client.force_login(admin)
    response = client.get("/partners/edvestors/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_staff_page_lists_staff_requests_and_invitations_and_is_never_cached(client, edvestors):
    admin = admin_of(edvestors, name="Marisa Vélez")
    # A job title has no service yet (it is set in the admin): this membership is made by hand.
    MembershipFactory(organization=edvestors, user=UserFactory(name="Kevin Tran"), title="Analyst")
    membership_request(
        organization=edvestors, actor=UserFactory(name="Rosa Ortiz"), ip=None, site_url=SITE_URL
    )
    invitation_send(
        organization=edvestors,
        email="jordan@example.org",
        role=Membership.Role.STAFF,
        language="en",
        actor=admin,
        ip=None,
        site_url=SITE_URL,
    )
    client.force_login(admin)

    response = client.get("/partners/edvestors/staff/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    staff, requests, invitations = re.split(
        r"<h2>(?:Requests to join|Open invitations)</h2>", response.text.split("<h2 id")[0]
    )
    assert "Marisa Vélez" in staff and "Kevin Tran" in staff and "Analyst" in staff
    assert "Rosa Ortiz" in requests and "Kevin Tran" not in requests
    assert "jordan@example.org" in invitations and "by Marisa Vélez" in invitations
    assert markup_problems(response.text) == []


def _staff_page_queries(client, organization, count):
    for number in range(count):
        MembershipFactory(organization=organization, title=f"Program Manager {number}")
        MembershipFactory(organization=organization, status=Membership.Status.REQUESTED)
        InvitationFactory(organization=organization)
    # the first reads the person's roles into the cache
    client.get(f"/partners/{organization.slug}/staff/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/partners/{organization.slug}/staff/")
    assert response.status_code == 200
    return len(queries)


def test_staff_page_makes_the_same_number_of_queries_for_5_and_50_people(client):
    small, large = OrganizationFactory(), OrganizationFactory()
    lead = with_two_factor(verified(is_coalition_lead=True))
    client.force_login(lead)
    assert _staff_page_queries(client, small, 5) == _staff_page_queries(client, large, 50)
    assert Invitation.objects.filter(organization=large).count() == 50


# Roles and removals


def test_the_last_admin_can_neither_leave_nor_be_demoted(client, edvestors):
    admin = admin_of(edvestors)
    membership = admin.memberships.get()
    client.force_login(admin)

    removed = client.post(f"/partners/edvestors/staff/members/{membership.pk}/remove/", follow=True)
    demoted = client.post(
        f"/partners/edvestors/staff/members/{membership.pk}/role/", {"role": "staff"}
    )

    last_admin = "the organization&#x27;s last admin: make someone else admin first"
    assert removed.redirect_chain == [("/partners/edvestors/staff/", 302)]
    assert last_admin in removed.text
    # The role form is refused where it stands: the staff page, the reason beside the control
    # and in the error summary, which links to it.
    assert demoted.status_code == 400
    assert f'<ul class="field__errors" id="role-{membership.pk}_error">' in demoted.text
    assert (
        f'aria-describedby="role-{membership.pk}_error" id="role-{membership.pk}"' in demoted.text
    )
    summary = demoted.text[demoted.text.index('class="error-summary"') :]
    assert f'<a href="#role-{membership.pk}">' in summary and last_admin in summary
    membership.refresh_from_db()
    assert (membership.role, membership.status) == (Membership.Role.ADMIN, "active")
    assert not AuditLog.objects.exists()


def test_with_a_second_admin_an_admin_can_step_down_and_leave(client, edvestors):
    admin = admin_of(edvestors)
    colleague = join_staff(edvestors, UserFactory(name="Devon Hill"))
    mine = admin.memberships.get()
    client.force_login(admin)

    client.post(f"/partners/edvestors/staff/members/{colleague.pk}/role/", {"role": "admin"})
    stepped_down = client.post(
        f"/partners/edvestors/staff/members/{mine.pk}/role/", {"role": "staff"}
    )

    colleague.refresh_from_db()
    mine.refresh_from_db()
    assert (colleague.role, mine.role) == (Membership.Role.ADMIN, Membership.Role.STAFF)
    # No longer an admin: back to the public page, where they cannot manage any more.
    assert stepped_down["Location"] == "/partners/edvestors/"
    assert client.get("/partners/edvestors/staff/").status_code == 403
    changes = AuditLog.objects.filter(action="membership.role_changed").order_by("pk")
    assert [(row.target, row.data["from"], row.data["to"]) for row in changes] == [
        (colleague, "staff", "admin"),
        (mine, "admin", "staff"),
    ]


def test_an_admin_removes_a_staff_member(client, edvestors):
    admin = admin_of(edvestors)
    leaving = MembershipFactory(organization=edvestors, user=UserFactory(name="Priya Shah"))
    client.force_login(admin)

    response = client.post(f"/partners/edvestors/staff/members/{leaving.pk}/remove/", follow=True)

    assert "Priya Shah is no longer on the staff." in response.text
    assert not Membership.objects.filter(pk=leaving.pk).exists()
    row = AuditLog.objects.get()
    assert (row.action, row.actor, row.object_id) == ("membership.removed", admin, str(leaving.pk))
    assert row.data["user_id"] == leaving.user_id


def test_staff_of_another_organization_cannot_be_touched(client, edvestors):
    admin = admin_of(edvestors)
    elsewhere = join_staff(OrganizationFactory())
    client.force_login(admin)
    url = f"/partners/edvestors/staff/members/{elsewhere.pk}/remove/"
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_actions_are_post_only(client, edvestors):
    client.force_login(admin_of(edvestors))
    assert client.get("/partners/edvestors/join/").status_code == 405
    assert client.get("/partners/edvestors/staff/members/1/remove/").status_code == 405


# Staff names on the public page


@pytest.mark.parametrize(
    ("who", "sees_names"),
    [
        ("anonymous", False),
        ("member", False),
        ("staff elsewhere", True),
        ("lead", True),
        # Two-factor comes before anyone else's personal data, even inside a public page.
        ("lead without two-factor", False),
    ],
)
def test_staff_names_on_the_public_page_only_for_partner_staff_and_leads(
    client, edvestors, who, sees_names
):
    join_staff(edvestors, UserFactory(name="Jamal Carter"))
    if who == "member":
        client.force_login(verified())
    elif who == "lead":
        lead = verified(is_coalition_lead=True)
        TOTP.activate(lead, "JBSWY3DPEHPK3PXP")
        client.force_login(lead)
    elif who == "lead without two-factor":
        client.force_login(verified(is_coalition_lead=True))
    elif who == "staff elsewhere":
        staff = verified()
        join_staff(OrganizationFactory(), staff)
        client.force_login(staff)

    response = client.get("/partners/edvestors/")

    assert response.status_code == 200
    assert ("Jamal Carter" in response.text) is sees_names
    assert markup_problems(response.text) == []
