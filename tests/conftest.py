import pytest
from zeal import zeal_context

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _n_plus_one_guard():
    """django-zeal raises on any N+1 query, in views and in code under test alike."""
    with zeal_context():
        yield


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def lead(db):
    return UserFactory(email="lead@example.org", is_coalition_lead=True)
