"""Signing in: by emailed code, rate limits, two-factor for leads and organization admins."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.management import call_command

from tests import factories

SECRET = "JBSWY3DPEHPK3PXP"


def current_code(secret=SECRET):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.django_db
def test_a_person_signs_in_with_a_code_sent_by_email(client, django_capture_on_commit_callbacks):
    user = _verified(factories.UserFactory(email="parent@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": "parent@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    [email] = mail.outbox
    assert email.to == ["parent@example.org"]
    code = email.body.split("Please enter it in your open browser window.")[1].split()[0]
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_asking_a_code_for_an_unknown_address_looks_the_same(client):
    response = client.post("/accounts/login/code/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"


@pytest.mark.django_db
def test_repeated_failed_sign_ins_get_a_message_next_to_the_form(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/5m/key"}
    user = _verified(factories.UserFactory(email="someone@example.org"))
    for _ in range(3):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    # Even the right password waits now: the limit is on the account, not the guess.
    response = client.post("/accounts/login/", {"login": user.email, "password": "x"})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.text
    assert "_auth_user_id" not in client.session


def test_too_many_sign_in_requests_get_429_with_a_message(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _ in range(3):
        response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert "<main" in response.text  # in the site's layout, not a bare page


@pytest.mark.django_db
def test_the_demo_lead_signs_in_with_password_and_a_code_from_the_demo_secret(client, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    response = client.post(
        "/accounts/login/", {"login": "lead@example.org", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # not yet: the code comes first
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


SECURITY_LOGGER = "coalition.security"


def _security_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == SECURITY_LOGGER]


@pytest.mark.django_db
def test_sign_ins_are_logged_by_account_number_never_by_email_or_password(client, caplog):
    caplog.set_level("INFO", logger=SECURITY_LOGGER)
    user = _verified(factories.UserFactory(email="parent@example.org"))

    client.post("/accounts/login/", {"login": "parent@example.org", "password": "Wrong-guess-7"})
    client.post(
        "/accounts/login/", {"login": "parent@example.org", "password": "correct-horse-battery"}
    )
    client.post("/accounts/logout/")

    assert _security_lines(caplog) == [
        "sign-in: user=anonymous path=/accounts/login/ outcome=failed",
        f"sign-in: user={user.pk} path=/accounts/login/ outcome=success",
        f"sign-out: user={user.pk} path=/accounts/logout/ outcome=success",
    ]
    everything = caplog.text + " ".join(str(r.args) for r in caplog.records)
    for secret in ("parent@example.org", "Wrong-guess-7", "correct-horse-battery"):
        assert secret not in everything


@pytest.mark.django_db
def test_a_refusal_is_logged_with_the_account_number_and_path(client, caplog):
    caplog.set_level("INFO", logger=SECURITY_LOGGER)
    member = _verified(factories.UserFactory(email="member@example.org"))
    client.force_login(member)
    caplog.clear()

    response = client.get("/network/audit/?action=lead")

    assert response.status_code == 403
    assert _security_lines(caplog) == [
        f"permission denied: user={member.pk} path=/network/audit/ outcome=403"
    ]
    assert "member@example.org" not in caplog.text


@pytest.mark.django_db
def test_missing_pages_answer_404_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert 'class="skip-link"' in response.text
