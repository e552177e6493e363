"""Organizations applying to join the network, and the leads' decisions."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import AuditLog
from partners.models import Membership, Organization, Sector
from tests.factories import CommunityFactory, OrganizationFactory, UserFactory, join_staff
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

APPLICATION = {
    "name": "Sociedad Latina",
    "sector": Sector.COMMUNITY,
    "city": "Boston",
    "website": "https://www.sociedadlatina.org",
    "description_en": "Youth development and advocacy in Mission Hill, Roxbury and beyond.",
}


def verified(**fields):
    """A person whose sign-in address is verified, so their roles count."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def with_two_factor(user):
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    return user


def link_in(message) -> str:
    """The one link of an email, as a path on this site."""
    [path] = re.findall(r"http://testserver(/\S*)", message.body)
    return path


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """`with sending():` delivers the outbox's emails when the block ends, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def lead(db):
    return with_two_factor(
        verified(name="Lina Park", email="lead@example.org", is_coalition_lead=True)
    )


@pytest.fixture
def applicant(db):
    return with_two_factor(verified(name="Alexandra Oliver", email="alexandra@example.org"))


@pytest.fixture
def applied(client, sending, lead, applicant):
    """Sociedad Latina has applied; the leads have their email."""
    client.force_login(applicant)
    with sending():
        response = client.post("/partners/apply/", APPLICATION)
    assert response.status_code == 302, response.content
    client.logout()
    return Organization.objects.get(name="Sociedad Latina")


def test_a_signed_in_person_applies_and_the_leads_are_told(client, applied, lead, applicant):
    assert (applied.approved, applied.slug, applied.applied_by) == (
        False,
        "sociedad-latina",
        applicant,
    )
    membership = Membership.objects.get(organization=applied)
    assert (membership.user, membership.role, membership.status) == (
        applicant,
        Membership.Role.ADMIN,
        Membership.Status.REQUESTED,
    )
    row = AuditLog.objects.get()
    assert (row.action, row.actor, row.target, row.ip_address) == (
        "organization.applied",
        applicant,
        applied,
        "127.0.0.1",
    )
    # Not public yet, nor in the directory.
    assert client.get("/partners/sociedad-latina/").status_code == 404
    assert "Sociedad Latina" not in client.get("/partners/").text
    [message] = mail.outbox
    assert message.to == ["lead@example.org"]
    assert message.subject == "Sociedad Latina applies to join the network"
    client.force_login(lead)
    page = client.get(link_in(message))
    assert page.status_code == 200
    assert "Sociedad Latina" in page.text
    assert "Alexandra Oliver (alexandra@example.org)" in page.text
    assert page["Cache-Control"] == "no-store, private"
    assert markup_problems(page.text) == []


def test_the_application_form_shows_errors_next_to_the_fields(client, applicant):
    OrganizationFactory(name="EdVestors")
    client.force_login(applicant)

    page = client.get("/partners/apply/")
    response = client.post("/partners/apply/", {**APPLICATION, "name": "EdVestors", "sector": ""})

    assert page.status_code == 200
    assert markup_problems(page.text) == []
    assert response.status_code == 400
    name_errors = re.search(r'id="id_name_error">(.*?)</ul>', response.text, re.S).group(1)
    sector_errors = re.search(r'id="id_sector_error">(.*?)</ul>', response.text, re.S).group(1)
    assert "Organization with this Name already exists." in name_errors
    assert "This field is required." in sector_errors
    assert not Organization.objects.filter(applied_by=applicant).exists()


def test_the_application_takes_its_description_in_english_spanish_or_both(client, applicant):
    client.force_login(applicant)
    page = client.get("/partners/apply/", HTTP_ACCEPT_LANGUAGE="en").text
    assert 'for="id_description_en">Description (English)' in page
    assert 'for="id_description_es">Description (Spanish)' in page
    response = client.post(
        "/partners/apply/",
        {**APPLICATION, "description_en": "", "description_es": "Jóvenes de Mission Hill."},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 302
    organization = Organization.objects.get(applied_by=applicant)
    # Its name is its name in either language: kept where every reader finds it.
    assert (organization.name_en, organization.name_es) == ("Sociedad Latina", None)
    assert (organization.description_en, organization.description_es) == (
        "",
        "Jóvenes de Mission Hill.",
    )


def test_a_name_already_in_the_directory_is_refused_in_spanish_too(client, applicant):
    OrganizationFactory(name="EdVestors", name_es="EdVestors (Fondo)")
    client.force_login(applicant)
    for name in ("EdVestors", "edvestors (fondo)"):
        response = client.post(
            "/partners/apply/", {**APPLICATION, "name": name}, HTTP_ACCEPT_LANGUAGE="es"
        )
        assert response.status_code == 400
        assert 'id="id_name_error"' in response.text
    assert not Organization.objects.filter(applied_by=applicant).exists()


def test_an_organization_never_takes_the_address_of_a_page(client, applicant):
    client.force_login(applicant)
    client.post("/partners/apply/", {**APPLICATION, "name": "Apply"})
    assert Organization.objects.get(name="Apply").slug == "apply-2"


def test_a_lead_approves_and_the_applicant_becomes_its_admin(
    client, sending, applied, lead, applicant
):
    client.force_login(lead)
    with sending():
        response = client.post(
            f"/partners/applications/{applied.pk}/", {"decision": "approve"}, follow=True
        )

    assert "Sociedad Latina is now in the network." in response.text
    assert "No organization is waiting for a decision." in response.text
    applied.refresh_from_db()
    assert (applied.approved, applied.decided_by) == (True, lead)
    membership = Membership.objects.get(organization=applied)
    assert (membership.role, membership.status) == (Membership.Role.ADMIN, "active")
    row = AuditLog.objects.get(action="organization.approved")
    assert (row.actor, row.target) == (lead, applied)
    [_, message] = mail.outbox
    assert message.to == ["alexandra@example.org"]
    assert message.subject == "Sociedad Latina is now in the coalition network"
    client.force_login(applicant)
    staff_page = client.get(link_in(message))
    assert staff_page.status_code == 200
    assert "Staff of Sociedad Latina" in staff_page.text
    assert client.get("/partners/sociedad-latina/").status_code == 200


def test_a_lead_declines_and_the_organization_stays_private(
    client, sending, applied, lead, applicant
):
    client.force_login(lead)
    with sending():
        response = client.post(
            f"/partners/applications/{applied.pk}/", {"decision": "decline"}, follow=True
        )

    assert "The application of Sociedad Latina was declined." in response.text
    applied.refresh_from_db()
    assert (applied.approved, applied.decided_by) == (False, lead)
    assert Membership.objects.get(organization=applied).status == Membership.Status.DECLINED
    assert AuditLog.objects.filter(action="organization.declined", actor=lead).count() == 1
    [_, message] = mail.outbox
    assert message.to == ["alexandra@example.org"]
    assert message.subject == "The application of Sociedad Latina"
    client.force_login(applicant)
    assert client.get(link_in(message)).status_code == 200
    assert client.get("/partners/sociedad-latina/").status_code == 404
    assert client.get("/partners/sociedad-latina/staff/").status_code == 404
    # Decided once: a second decision finds nothing waiting.
    client.force_login(lead)
    assert (
        client.post(f"/partners/applications/{applied.pk}/", {"decision": "approve"}).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["member", "admin of another organization"])
def test_only_leads_review_applications(client, applied, who):
    person = with_two_factor(verified())
    if who != "member":
        join_staff(OrganizationFactory(), person, role=Membership.Role.ADMIN)
    client.force_login(person)

    assert client.get("/partners/applications/").status_code == 403
    decided = client.post(f"/partners/applications/{applied.pk}/", {"decision": "approve"})

    assert decided.status_code == 403
    applied.refresh_from_db()
    assert applied.approved is False
    assert not AuditLog.objects.filter(action="organization.approved").exists()


def test_the_applicant_cannot_see_the_staff_page_before_approval(client, applied, applicant, lead):
    client.force_login(applicant)
    assert client.get("/partners/sociedad-latina/staff/").status_code == 404
    client.force_login(lead)
    page = client.get("/partners/sociedad-latina/staff/")
    assert page.status_code == 200
    assert "This organization is not in the network yet." in page.text


def test_anonymous_visitors_sign_in_to_apply(client):
    response = client.get("/partners/apply/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _applications_queries(client, count):
    Organization.objects.all().delete()
    for number in range(count):
        OrganizationFactory(approved=False, applied_by=UserFactory(), name=f"Applicant {number}")
    client.get("/partners/applications/")  # the first reads the person's roles into the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/partners/applications/")
    assert response.status_code == 200
    assert response.text.count('value="approve"') == min(count, 20)
    return len(queries)


def test_applications_page_makes_the_same_number_of_queries_for_5_and_50(client, lead):
    client.force_login(lead)
    assert _applications_queries(client, 5) == _applications_queries(client, 50)


def test_an_organization_names_the_communities_it_works_in(client, sending, lead, applicant):
    boston = CommunityFactory(name="Boston", slug="boston")
    CommunityFactory(name="Lynn", slug="lynn")
    client.force_login(applicant)
    form = client.get("/partners/apply/").text
    assert 'name="communities"' in form and "Communities it works in" in form
    with sending():
        response = client.post("/partners/apply/", {**APPLICATION, "communities": [boston.pk]})
    assert response.status_code == 302
    organization = Organization.objects.get(name="Sociedad Latina")
    assert list(organization.communities.all()) == [boston]
    assert AuditLog.objects.get().data["communities"] == ["boston"]
    refused = client.post("/partners/apply/", {**APPLICATION, "name": "Other", "communities": [0]})
    assert refused.status_code == 400
    assert 'id="id_communities_error"' in refused.text
