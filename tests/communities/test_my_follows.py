"""A member's follows on /me/: shown (tied to the account or to a verified address), changed,
stopped; in "download my data"; deleted with the account."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import AuditLog
from communities.models import Follow
from tests.communities.helpers import FollowFactory
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, verified_user
from tests.support.markup import markup_problems
from tests.support.pages import render_next_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa():
    return verified_user("rosa@example.org", name="Rosa Delgado")


def test_me_lists_my_follows_by_account_or_verified_address(client, rosa):
    lynn = CommunityFactory(name="Lynn", slug="lynn")
    holyoke = CommunityFactory(name="Holyoke", slug="holyoke")
    FollowFactory(community=lynn, email="rosa@example.org")  # made without signing in
    FollowFactory(community=holyoke, email="rosa.old@example.org", user=rosa)
    FollowFactory(community=CommunityFactory(name="Boston", slug="boston"), email="x@example.org")
    gone = FollowFactory(community=CommunityFactory(name="Salem", slug="salem"), user=rosa)
    Follow.objects.filter(pk=gone.pk).update(unsubscribed_at=gone.created_at)

    client.force_login(rosa)
    response = client.get("/me/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Communities I follow" in html
    assert "Lynn" in html and "Holyoke" in html
    assert "Boston" not in html and "Salem" not in html
    assert markup_problems(html) == []


def test_me_runs_the_same_queries_for_2_and_20_follows(client, rosa):
    client.force_login(rosa)

    def count():
        client.get("/me/")
        render_next_visit()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/me/").status_code == 200
        return len(queries.captured_queries)

    for _ in range(2):
        FollowFactory(user=rosa)
    small = count()
    for _ in range(18):
        FollowFactory(email="rosa@example.org")
    assert count() == small


def test_a_member_changes_what_they_hear_about(client, rosa):
    follow = FollowFactory(email="rosa@example.org")
    client.force_login(rosa)
    response = client.post(f"/follows/mine/{follow.pk}/topics/", {"topics": ["answers"]})
    assert response.status_code == 302 and response["Location"] == "/me/"
    follow.refresh_from_db()
    assert (follow.new_sessions, follow.answers) == (False, True)
    assert AuditLog.objects.filter(action="follow.topics_changed", actor=rosa).exists()


def test_choosing_nothing_is_refused_beside_the_field(client, rosa):
    follow = FollowFactory(email="rosa@example.org")
    client.force_login(rosa)
    response = client.post(f"/follows/mine/{follow.pk}/topics/", {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one thing to hear about." in html
    assert f'id="id_follow{follow.pk}_topics_error"' in html
    follow.refresh_from_db()
    assert follow.new_sessions and follow.answers


def test_a_member_unfollows(client, rosa):
    follow = FollowFactory(user=rosa)
    client.force_login(rosa)
    response = client.post(f"/follows/mine/{follow.pk}/unfollow/")
    assert response.status_code == 302
    follow.refresh_from_db()
    assert follow.unsubscribed_at is not None and follow.email == ""
    assert "Communities I follow" in client.get("/me/").content.decode()


def test_someone_elses_follow_is_404(client, rosa):
    theirs = FollowFactory(email="other@example.org")
    client.force_login(rosa)
    assert client.post(f"/follows/mine/{theirs.pk}/unfollow/").status_code == 404
    assert (
        client.post(f"/follows/mine/{theirs.pk}/topics/", {"topics": ["answers"]}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.unsubscribed_at is None and theirs.new_sessions


def test_follows_are_in_download_my_data(client, rosa):
    FollowFactory(
        community=CommunityFactory(name="Lynn", slug="lynn"), email="rosa@example.org", name="Rosa"
    )
    FollowFactory(email="other@example.org")
    client.force_login(rosa)
    data = json.loads(client.post("/me/data/").content)
    [row] = data["community_follows"]
    assert row["community"] == "Lynn"
    assert row["email"] == "rosa@example.org"
    assert row["new_sessions"] is True


def test_follows_are_deleted_with_the_account(client, rosa):
    FollowFactory(user=rosa)
    FollowFactory(email="rosa@example.org")
    other = FollowFactory(email="other@example.org")
    client.force_login(rosa)
    response = client.post("/me/delete/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert list(Follow.objects.all()) == [other]
    entry = AuditLog.objects.get(action="account.deleted")
    assert entry.data["follows_deleted"] == 2
