"""Following a community by email: the form, double opt-in by a link, one-click unsubscribe
(RFC 8058), and every kind of bad input answered beside its field with a 4xx."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from coalition.models import AuditLog, OutboxEmail
from communities.models import Follow
from tests.communities.helpers import FollowFactory, link_in, only_email
from tests.factories import CommunityFactory, UserFactory, verified_user

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Rosa Delgado",
    "email": "Rosa@Example.org",
    "language": "es",
    "topics": ["new_sessions", "answers"],
}


@pytest.fixture
def lynn():
    return CommunityFactory(name="Lynn", name_es="Lynn", slug="lynn")


def post(client, community, **data):
    return client.post(f"/follows/{community.slug}/", {**FORM, **data})


def test_following_asks_for_confirmation_by_email_in_the_persons_language(
    client, lynn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, lynn)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"

    follow = Follow.objects.get()
    assert (follow.email, follow.name, follow.language) == (
        "rosa@example.org",
        "Rosa Delgado",
        "es",
    )
    assert follow.new_sessions and follow.answers
    assert follow.confirmed_at is None and follow.user is None

    message = only_email()
    assert message.to == ["rosa@example.org"]
    assert "Lynn" in message.subject
    assert link_in(message, "confirm") == f"/follows/confirm/{follow.token}/"
    unsubscribe = f"{settings.SITE_URL}/follows/unsubscribe/{follow.token}/"
    assert unsubscribe in message.body
    # RFC 8058 one-click headers, also on the confirmation (the module's decision).
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Message-ID" in message.extra_headers
    assert AuditLog.objects.filter(action="follow.created").count() == 1


def test_the_confirmation_link_shows_a_button_and_confirms_only_on_post(client, lynn):
    follow = FollowFactory(community=lynn, confirmed_at=None)
    url = f"/follows/confirm/{follow.token}/"

    page = client.get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    follow.refresh_from_db()
    assert follow.confirmed_at is None  # a link scanner's GET confirms nothing

    done = client.post(url)
    assert done.status_code == 200
    assert "You now follow Lynn" in done.content.decode()
    follow.refresh_from_db()
    assert follow.confirmed_at is not None
    # Twice changes nothing.
    assert client.post(url).status_code == 200
    assert AuditLog.objects.filter(action="follow.confirmed").count() == 1


def test_a_wrong_link_is_404_and_an_expired_one_410_saying_so(client, lynn):
    assert client.get("/follows/confirm/not-a-token/").status_code == 404
    assert client.post("/follows/confirm/not-a-token/").status_code == 404
    assert client.get("/follows/unsubscribe/not-a-token/").status_code == 404
    assert "This link does not work" in client.get("/follows/unsubscribe/x/").content.decode()
    assert client.get(f"/follows/confirm/{'x' * 300}/").status_code == 404

    follow = FollowFactory(community=lynn, confirmed_at=None)
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert client.get(f"/follows/confirm/{follow.token}/").status_code == 410
        response = client.post(f"/follows/confirm/{follow.token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    follow.refresh_from_db()
    assert follow.confirmed_at is None


def test_one_click_unsubscribe_by_the_mail_client_without_a_csrf_token(lynn):
    follow = FollowFactory(community=lynn, name="Rosa")
    mail_client = Client(enforce_csrf_checks=True)
    url = f"/follows/unsubscribe/{follow.token}/"

    page = mail_client.get(url)
    assert page.status_code == 200
    follow.refresh_from_db()
    assert follow.unsubscribed_at is None  # GET changes nothing

    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    follow.refresh_from_db()
    assert follow.unsubscribed_at is not None
    # The address and name are forgotten; the link still says what it did.
    assert (follow.email, follow.name, follow.user) == ("", "", None)
    assert mail_client.post(url).status_code == 200
    assert "You are unsubscribed" in mail_client.get(url).content.decode()
    # A confirmation link of a cancelled follow no longer works.
    assert Client().post(f"/follows/confirm/{follow.token}/").status_code == 410
    assert Client().get(f"/follows/confirm/{follow.token}/").status_code == 410
    assert AuditLog.objects.filter(action="follow.unsubscribed").count() == 1


def test_an_unconfirmed_follow_gets_nothing_but_the_confirmation(
    client, lynn, django_capture_on_commit_callbacks
):
    from portal.digests import follow_digests_send

    FollowFactory(community=lynn, confirmed_at=None)
    assert follow_digests_send() == 0
    assert not OutboxEmail.objects.exists()


def test_asking_again_for_a_followed_address_changes_nothing_and_tells_the_address(
    client, lynn, django_capture_on_commit_callbacks
):
    follow = FollowFactory(
        community=lynn, email="rosa@example.org", new_sessions=True, answers=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, lynn, topics=["answers"], language="en")
    # The same page as a new follow: whether an address follows is nobody else's business.
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    follow.refresh_from_db()
    assert (follow.new_sessions, follow.answers, follow.language) == (True, False, "en")
    message = only_email()
    assert "already" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Once an hour at most.
    with django_capture_on_commit_callbacks(execute=True):
        post(client, lynn)
    assert len(mail.outbox) == 1
    assert Follow.objects.count() == 1


def test_asking_again_before_confirming_renews_the_request(
    client, lynn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, lynn, topics=["answers"])
    follow = Follow.objects.get()
    old_token = follow.token
    later = timezone.now() + dt.timedelta(days=9)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        post(client, lynn, topics=["new_sessions"])
    follow.refresh_from_db()
    assert follow.new_sessions and not follow.answers
    assert follow.token != old_token  # the expired link is replaced
    assert len(mail.outbox) == 2
    assert link_in(mail.outbox[1], "confirm") == f"/follows/confirm/{follow.token}/"
    assert client.post(f"/follows/confirm/{old_token}/").status_code == 404


def test_a_member_with_the_verified_address_is_confirmed_at_once(
    client, lynn, django_capture_on_commit_callbacks
):
    member = verified_user("rosa@example.org", name="Rosa Delgado")
    client.force_login(member)
    form = client.get(f"/follows/{lynn.slug}/").content.decode()
    assert 'value="rosa@example.org"' in form  # filled in from the account
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, lynn)
    assert response.status_code == 200
    assert "You now follow Lynn" in response.content.decode()
    follow = Follow.objects.get()
    assert follow.confirmed_at is not None and follow.user == member
    assert mail.outbox == []


def test_a_member_typing_another_address_confirms_it_by_email(
    client, lynn, django_capture_on_commit_callbacks
):
    client.force_login(verified_user("rosa@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, lynn, email="someone.else@example.org")
    follow = Follow.objects.get()
    assert follow.confirmed_at is None and follow.user is None
    assert only_email().to == ["someone.else@example.org"]


def test_an_unverified_account_address_is_confirmed_by_email(
    client, lynn, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(email="rosa@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        post(client, lynn)
    assert Follow.objects.get().confirmed_at is None
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"topics": []}, "topics", "Choose at least one thing to hear about."),
        ({"topics": ["everything"]}, "topics", "Select a valid choice."),
        ({"name": "x" * 151}, "name", "Ensure this value has at most 150 characters"),
        ({"name": "<script>alert(1)</script>"}, "name", "remove the HTML tags"),
        ({"language": "fr"}, "language", "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_beside_its_field(client, lynn, data, field, message):
    response = post(client, lynn, **data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert f'id="id_follow_{field}_error"' in html
    assert "<script>alert" not in html
    assert not Follow.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_an_unknown_community_is_404(client):
    assert client.get("/follows/nowhere/").status_code == 404
    assert client.post("/follows/nowhere/", FORM).status_code == 404


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client, lynn):
    response = post(client, lynn, website="http://spam.example")
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert not Follow.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_following_is_rate_limited_per_address_typed(client, lynn):
    for _ in range(5):
        assert post(client, lynn).status_code == 200
    refused = post(client, lynn)
    assert refused.status_code == 429
    assert "following a community" in refused.content.decode()
    assert refused["Retry-After"]


def test_requests_never_confirmed_are_forgotten_after_their_link_expires(lynn):
    from communities.services import follows_purge_unconfirmed

    waiting = FollowFactory(community=lynn, confirmed_at=None)
    confirmed = FollowFactory(community=lynn)
    assert follows_purge_unconfirmed() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert follows_purge_unconfirmed() == 1
    assert list(Follow.objects.all()) == [confirmed]
    assert not Follow.objects.filter(pk=waiting.pk).exists()


def test_the_partial_renders_the_form_with_only_the_community(rf, lynn):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    request = rf.get("/communities/lynn/")
    request.user = AnonymousUser()
    html = render_to_string("communities/_follow.html", {"community": lynn}, request=request)
    assert 'action="/follows/lynn/"' in html
    # No token for an anonymous visitor: the page is shared (coalition.http.csrf_for_members).
    assert 'name="csrfmiddlewaretoken"' not in html
    assert "<h2" in html and 'name="topics"' in html and 'name="website"' in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_follow_pages_keep_the_markup_rules(client, lynn, language):
    from tests.support.markup import markup_problems

    follow = FollowFactory(community=lynn, confirmed_at=None)
    pages = [
        (client.get(f"/follows/{lynn.slug}/", HTTP_ACCEPT_LANGUAGE=language), 200),
        (post(client, lynn, email="nope", topics=[], HTTP_ACCEPT_LANGUAGE=language), 400),
        (client.get(f"/follows/confirm/{follow.token}/", HTTP_ACCEPT_LANGUAGE=language), 200),
        (client.get(f"/follows/unsubscribe/{follow.token}/", HTTP_ACCEPT_LANGUAGE=language), 200),
        (client.get("/follows/confirm/wrong/", HTTP_ACCEPT_LANGUAGE=language), 404),
    ]
    for response, status in pages:
        assert response.status_code == status
        assert markup_problems(response.content.decode()) == [], response.request["PATH_INFO"]


def test_the_service_refuses_what_the_form_would(lynn):
    from django.core.exceptions import ValidationError

    from communities.services import follow_create

    for bad in ({"name": "<b>Rosa</b>"}, {"email": "nope"}, {"new_sessions": False}):
        fields = {"email": "rosa@example.org", "new_sessions": True, "answers": False, **bad}
        with pytest.raises(ValidationError):
            follow_create(community=lynn, language="en", **fields)
    assert not Follow.objects.exists()


def test_the_community_page_carries_the_form_without_a_cookie_so_it_is_shared(lynn):
    """The form sits on the community's page, which is one cached page for every anonymous
    visitor: no CSRF token or cookie, and the form is still accepted."""
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/communities/lynn/")
    assert page.status_code == 200
    assert 'action="/follows/lynn/"' in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies
    assert post(visitor, lynn).status_code == 200
    assert Follow.objects.filter(email="rosa@example.org", confirmed_at=None).exists()


def test_a_signed_in_persons_follow_still_needs_the_csrf_token(lynn):
    member = Client(enforce_csrf_checks=True)
    member.force_login(verified_user(email="rosa@example.org"))
    assert post(member, lynn).status_code == 403
    assert not Follow.objects.exists()
    page = member.get("/communities/lynn/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert post(member, lynn, csrfmiddlewaretoken=token).status_code == 200
    # Their own verified address: followed at once.
    assert Follow.objects.get().confirmed_at is not None
