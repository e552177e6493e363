import pytest

from tests import factories


@pytest.fixture
def org_a(db):
    return factories.OrganizationFactory(name="Org A", slug="org-a", approved=True)


@pytest.fixture
def org_b(db):
    return factories.OrganizationFactory(name="Org B", slug="org-b", approved=True)


@pytest.fixture
def staff_a(org_a):
    user = factories.verified_user("staff-a@example.org")
    factories.MembershipFactory(user=user, organization=org_a)
    return user


@pytest.fixture
def staff_b(org_b):
    user = factories.verified_user("staff-b@example.org")
    factories.MembershipFactory(user=user, organization=org_b)
    return user


@pytest.fixture
def member(db):
    return factories.verified_user("member@example.org")


@pytest.fixture
def verified_lead(db):
    return factories.two_factor_lead("lead-r@example.org")
