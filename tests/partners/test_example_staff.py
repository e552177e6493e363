"""The staff page lists a fictional person (`User.is_example`) with the example badge."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from partners.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.support.markup import markup_problems
from tests.support.provenance import badges, element_with

pytestmark = pytest.mark.django_db


def test_example_staff_and_requests_are_badged_and_real_people_are_not(client):
    organization = OrganizationFactory(name="Sociedad Latina", slug="sociedad-latina")
    admin = UserFactory(name="Ana Admin")
    EmailAddress.objects.create(user=admin, email=admin.email, verified=True, primary=True)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    MembershipFactory(user=admin, organization=organization, role=Membership.Role.ADMIN)
    MembershipFactory(
        user=UserFactory(name="Alex Example", is_example=True), organization=organization
    )
    MembershipFactory(
        user=UserFactory(name="Sam Example", is_example=True),
        organization=organization,
        status=Membership.Status.REQUESTED,
    )
    client.force_login(admin)

    response = client.get("/partners/sociedad-latina/staff/")

    assert response.status_code == 200
    page = response.content.decode()
    assert markup_problems(page) == []
    assert badges(element_with(page, "Alex Example", tag="tr")) == 1
    assert badges(element_with(page, "Sam Example", tag="h3")) == 1
    assert badges(element_with(page, "Ana Admin", tag="tr")) == 0
