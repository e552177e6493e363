"""The portal's defences, tried through HTTP as an attacker or a careless browser would: the
security headers, the admin's door, signup that tells nothing, and sign-in limits that stop an
attacker without locking the owner out."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from coalition.models import User
from events.models import Event
from events.services import event_create
from tests import factories
from tests.events.helpers import event_form, signed_in_organizer
from tests.factories import DEFAULT_PASSWORD

NOW = dt.datetime(2026, 4, 14, 15, 0, tzinfo=dt.UTC)
ATTACKER = "203.0.113.7"
TOO_MANY = "Too many failed login attempts"
OWNER = "198.51.100.20"


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Headers ---------------------------------------------------------------------------------


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in policy.split(";")
        if part.strip()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/events/", "/accounts/login/", "/partners/"])
def test_every_page_has_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_page_turns_off_browser_features_it_never_uses(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy
    # Security keys (two-factor) stay available to the site itself.
    assert "publickey-credentials-get=(self)" in policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/login/code/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/download/",
        "/accounts/2fa/webauthn/",
    ],
)
def test_no_cache_keeps_an_account_or_two_factor_page(client, url):
    lead = factories.two_factor_lead("dana@example.org")
    if url not in {"/accounts/login/", "/accounts/signup/", "/accounts/login/code/"}:
        client.force_login(lead)
    response = client.get(url)
    assert "no-store" in response["Cache-Control"], (url, response.status_code)


@pytest.mark.django_db
def test_no_cache_keeps_an_admin_page(client, superuser):
    client.force_login(superuser)
    for url in ("/admin/", "/admin/coalition/user/", "/admin/login/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.django_db
def test_recovery_codes_are_never_stored_by_a_cache(client):
    lead = factories.two_factor_lead("dana@example.org")
    client.force_login(lead)
    session = client.session
    # allauth asks for the password again before showing codes; a fresh sign-in counts.
    session["account_reauthenticated_at"] = NOW.timestamp()
    session.save()
    with time_machine.travel(NOW, tick=False):
        response = client.post("/accounts/2fa/recovery-codes/generate/", follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- The admin's door ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_login_is_allauths_with_its_second_factor(client):
    root = factories.with_two_factor(
        factories.verified_user("root@example.org", is_staff=True, is_superuser=True)
    )
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    # Django's own password form is never offered.
    assert client.post(
        "/admin/login/?next=/admin/", {"username": root.email, "password": DEFAULT_PASSWORD}
    )["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session

    with time_machine.travel(NOW, tick=False):
        response = client.post(
            "/accounts/login/?next=/admin/",
            {"login": root.email, "password": DEFAULT_PASSWORD},
        )
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        # The password alone opens nothing.
        assert client.get("/admin/").status_code == 302
        assert "_auth_user_id" not in client.session

        response = client.post("/accounts/2fa/authenticate/", {"code": factories.totp_code(at=NOW)})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_login_has_allauths_rate_limits(client):
    factories.verified_user("root@example.org", is_staff=True, is_superuser=True)
    answers = [
        client.post(
            "/accounts/login/?next=/admin/", {"login": "root@example.org", "password": "wrong"}
        ).text
        for _ in range(11)
    ]
    assert not any(TOO_MANY in answer for answer in answers[:10])
    assert TOO_MANY in answers[10]
    # Django's own form, which counted nothing, is no longer there to try instead.
    assert client.post("/admin/login/", {"username": "root@example.org"}).status_code == 302


@pytest.mark.django_db
def test_admin_staff_without_two_factor_are_sent_to_set_it_up(client):
    root = factories.verified_user("root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert client.get(response["Location"])["Location"] == "/accounts/2fa/totp/activate/"
    assert client.session["after_mfa"] == "/admin/"
    factories.with_two_factor(root)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_way_back_from_the_admin_is_only_ever_a_path_of_this_site(client):
    root = factories.verified_user("root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    client.get("/admin/login/?next=https://elsewhere.example/")
    assert client.session["after_mfa"] == "/admin/"


# --- Signup that tells nothing ---------------------------------------------------------------


@pytest.mark.django_db
def test_signup_answers_the_same_for_a_known_address_and_tells_its_owner_by_email(client, sending):
    factories.verified_user("parent@example.org")
    form = {"password1": "a-long-family-passphrase", "password2": "a-long-family-passphrase"}
    with sending():
        known = client.post("/accounts/signup/", {"email": "parent@example.org", **form})
        client.cookies.clear()
        new = client.post("/accounts/signup/", {"email": "neighbor@example.org", **form})
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"] == "/accounts/confirm-email/"
    # One account each: the known address's account is untouched.
    assert User.objects.filter(email="parent@example.org").count() == 1
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"parent@example.org", "neighbor@example.org"}
    assert "already" in told["parent@example.org"].body.lower()
    assert "/accounts/confirm-email/" in told["neighbor@example.org"].body


# --- Sign-in limits --------------------------------------------------------------------------


def _sign_in(client, email, password, ip):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_stop_it_and_leave_the_owner_free(client):
    owner = factories.verified_user("dana@example.org")
    attempts = [_sign_in(client, owner.email, f"guess-{n}", ATTACKER) for n in range(10)]
    assert not any(TOO_MANY in response.text for response in attempts)
    # The attacker's address is refused, even with the right password.
    refused = _sign_in(client, owner.email, DEFAULT_PASSWORD, ATTACKER)
    assert TOO_MANY in refused.text
    assert "_auth_user_id" not in client.session

    # The owner, elsewhere, signs in as usual.
    response = _sign_in(client, owner.email, DEFAULT_PASSWORD, OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_an_account_attacked_from_everywhere_is_still_open_to_its_owner_by_emailed_code(
    client, sending
):
    owner = factories.verified_user("dana@example.org")
    for n in range(30):
        _sign_in(client, owner.email, "guess", f"203.0.113.{n + 1}")
    # The account's own limit is reached: a password, even the right one, waits for now.
    response = _sign_in(client, owner.email, DEFAULT_PASSWORD, OWNER)
    assert "_auth_user_id" not in client.session
    assert TOO_MANY in response.text

    # A code by email still lets the owner in.
    with sending():
        response = client.post("/accounts/login/code/", {"email": owner.email}, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [owner.email]]
    code = message.body.split("Please enter it in your open browser window.")[1].split()[0]
    response = client.post("/accounts/login/code/confirm/", {"code": code}, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


# --- Dates and texts within bounds -----------------------------------------------------------


def _organizer(client):
    host = factories.OrganizationFactory(slug="lynn-families")
    signed_in_organizer(client, host)
    return host


@pytest.mark.django_db
def test_an_event_ending_in_year_10000_is_refused_beside_the_field(client):
    host = _organizer(client)
    response = client.post(
        "/events/organize/new/", event_form(hosts=[host.pk], ends_at="9999-12-31T23:59")
    )
    assert response.status_code == 400
    assert "Enter a date between" in response.text
    assert 'id="id_ends_at_error"' in response.text
    assert not Event.objects.exists()
    # The organizer's pages still answer.
    assert client.get("/events/organize/").status_code == 200


@pytest.mark.django_db
def test_the_event_service_refuses_dates_outside_the_bounds_too():
    host = factories.OrganizationFactory()
    actor = factories.verified_user("lead@example.org", is_coalition_lead=True)
    starts = dt.datetime(2026, 5, 12, 22, 0, tzinfo=dt.UTC)
    with pytest.raises(ValidationError) as refused:
        event_create(
            actor=actor,
            fields={
                "title": "Far future",
                "kind": Event.Kind.WEBINAR,
                "starts_at": starts,
                "ends_at": dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC),
                "format": Event.Format.ONLINE,
                "online_url": "https://example.org/meet",
                "capacity": 10,
            },
            hosts=[host],
        )
    assert "ends_at" in refused.value.message_dict
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_one_megabyte_description_is_refused(client):
    host = _organizer(client)
    response = client.post(
        "/events/organize/new/", event_form(hosts=[host.pk], description_en="x" * 1_000_000)
    )
    assert response.status_code == 400
    assert "Ensure this value has at most 10000 characters" in response.text
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_measurement_dated_outside_the_bounds_is_refused_beside_the_field(client):
    lead = factories.two_factor_lead("lead@example.org")
    client.force_login(lead)
    indicator = factories.IndicatorFactory()
    response = client.post(
        "/network/measurements/",
        {
            "indicator": indicator.pk,
            "period_start": "0001-01-01",
            "period_label": "Year one",
            "student_group": "all",
            "value": "10",
        },
    )
    assert response.status_code == 400
    assert "Enter a date between" in response.text
    assert 'id="id_period_start_error"' in response.text
