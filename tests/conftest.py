import pytest

from tests.factories import UserFactory

# django-zeal checks every request for N+1 queries (its middleware, in coalition.settings.test);
# wrap other code under test in `zeal.zeal_context()` to check it too.


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
