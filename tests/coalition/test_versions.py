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


def test_a_batch_writes_its_bumps_together_when_it_ends(django_capture_on_commit_callbacks):
    start = versions.current("events", "event:1", "sites")
    with django_capture_on_commit_callbacks(execute=False) as callbacks, versions.batched():
        versions.bump("events", "event:1")
        versions.bump("events")
        with versions.batched():  # an inner batch is the outer one's
            versions.bump("sites")
        # Nothing written yet: nothing in the block reads what is kept.
        assert versions.current("events", "event:1", "sites") == start
    ended = versions.current("events", "event:1", "sites")
    assert all(ended[scope] != start[scope] for scope in start)
    # Ended inside a transaction (the test's): written again after its commit, once.
    assert len(callbacks) == 1
    callbacks[0]()
    assert all(versions.current(*start)[scope] != ended[scope] for scope in start)


@pytest.mark.django_db(transaction=True)
def test_a_bump_outside_a_transaction_is_written_once(monkeypatch):
    written, write = [], versions._write

    def spy(scopes):
        written.append(tuple(scopes))
        write(scopes)

    monkeypatch.setattr(versions, "_write", spy)
    before = versions.stamp("events")
    versions.bump("events")
    assert written == [("events",)]
    assert versions.stamp("events") != before


def _another_process_bumps(scope):
    cache.set(versions.PREFIX + scope, "written-elsewhere", timeout=None)


def test_a_request_reads_each_version_once_and_sees_its_own_bumps():
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    try:
        first = versions.current("events", "sites")
        _another_process_bumps("events")
        # Read at the start of the request: what it keeps is kept under what it read first.
        assert versions.current("events") == {"events": first["events"]}
        versions.bump("sites")
        assert versions.current("sites")["sites"] not in (first["sites"], None)
        assert versions.stamp("sites") == cache.get(versions.PREFIX + "sites")
    finally:
        request_finished.send(sender=None)
    # The next request, and code outside any request (a worker's task), read them anew.
    assert versions.current("events") == {"events": "written-elsewhere"}
    _another_process_bumps("sites")
    assert versions.current("sites") == {"sites": "written-elsewhere"}


def test_a_page_reads_the_versions_in_one_round_trip(client, monkeypatch):
    """The page cache reads the versions of a person's page; the pieces of /me/ reuse them."""
    from tests.factories import verified_user

    client.force_login(verified_user("rosa@example.org", name="Rosa Delgado"))
    client.get("/me/")  # the CSRF cookie
    read = []

    class Spy:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get_many(self, keys, *args, **kwargs):
            read.extend(key for key in keys if key.startswith(versions.PREFIX))
            return cache.get_many(keys, *args, **kwargs)

    monkeypatch.setattr(versions, "cache", Spy())
    assert client.get("/me/?from=newsletter").status_code == 200
    assert read and len(read) == len(set(read)), read
