import pytest
from django.core.cache import cache

from coalition import versions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_bump_changes_only_its_scopes_version():
    before = versions.current("events", "sites")
    versions.bump("events")
    after = versions.current("events", "sites")
    assert after["events"] != before["events"]
    assert after["sites"] == before["sites"]


def test_a_lost_version_comes_back_as_a_new_token_and_stays():
    first = versions.stamp("events")
    cache.delete(versions.PREFIX + "events")
    second = versions.stamp("events")
    assert second != first
    assert versions.stamp("events") == second


def test_bumped_at_once_and_again_after_commit(django_capture_on_commit_callbacks):
    start = versions.stamp("events")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        versions.bump("events")
    at_once = versions.stamp("events")
    assert at_once != start
    for callback in callbacks:
        callback()
    assert versions.stamp("events") not in (start, at_once)


def test_a_watched_model_bumps_on_save_and_delete():
    from django.db.models.signals import post_delete, post_save

    from coalition.models import User

    def scopes(user):
        return [f"person:{user.pk}"]

    versions.watch(User, scopes)
    try:
        user = UserFactory()
        saved = versions.stamp(f"person:{user.pk}")
        user.save()
        assert versions.stamp(f"person:{user.pk}") != saved
        pk, before = user.pk, versions.stamp(f"person:{user.pk}")
        user.delete()
        assert versions.stamp(f"person:{pk}") != before
    finally:
        uid = f"versions:{User._meta.label}:{id(scopes)}"
        post_save.disconnect(sender=User, dispatch_uid=uid + ":save")
        post_delete.disconnect(sender=User, dispatch_uid=uid + ":delete")
