"""Two-factor authentication: required of leads and organization admins, in the site's layout."""

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.utils import decrypt
from django.core.management import call_command

from coalition.permissions import roles_of
from partners.models import Membership
from tests import factories
from tests.factories import DEFAULT_PASSWORD
from tests.support.markup import markup_problems

NOW = dt.datetime(2026, 4, 14, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock():
    # TOTP codes come from the clock: one fixed instant makes the codes and checks agree.
    with time_machine.travel(NOW, tick=False):
        yield


def _sign_in(client, user, *, confirm_password=True):
    """Sign in through the form, and confirm the password once more as allauth asks before
    two-factor settings change."""
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    if confirm_password:
        response = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
        assert response.status_code == 302


@pytest.mark.django_db
def test_a_lead_without_two_factor_sets_it_up_and_is_sent_back(client):
    lead = factories.verified_user(
        "dana@example.org", name="Dana Whitfield", is_coalition_lead=True
    )
    _sign_in(client, lead, confirm_password=False)

    response = client.get("/network/leads/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    # allauth asks for the password again before two-factor settings change.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/?next=")
    response = client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert markup_problems(page.text) == []
    assert "Continue to the page you asked for" in page.text
    secret = page.context["form"].secret
    assert f'value="{secret}"' in page.text  # typed in by hand when the QR code cannot be

    response = client.post(
        "/accounts/2fa/totp/activate/", {"code": factories.totp_code(secret, at=NOW)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes = client.get("/accounts/2fa/recovery-codes/")
    assert markup_problems(codes.text) == []
    assert 'href="/network/leads/">Continue to the page you asked for' in codes.text

    response = client.get("/network/leads/")
    assert response.status_code == 200
    assert "Coalition leads" in response.text
    assert "after_mfa" not in client.session
    assert Authenticator.objects.filter(user=lead, type=Authenticator.Type.TOTP).exists()


@pytest.mark.django_db
def test_a_wrong_code_does_not_activate_two_factor(client):
    lead = factories.verified_user("dana@example.org", is_coalition_lead=True)
    _sign_in(client, lead)
    client.get("/network/leads/")

    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert client.get("/network/leads/")["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_an_organization_admin_must_set_up_two_factor_too(client):
    admin = factories.verified_user("admin@example.org")
    membership = factories.MembershipFactory(user=admin, role=Membership.Role.ADMIN)
    staff = factories.verified_user("staff@example.org")
    factories.MembershipFactory(user=staff, role=Membership.Role.STAFF)
    assert roles_of(admin).needs_mfa
    assert not roles_of(staff).needs_mfa  # staff see no one else's personal data
    staff_page = f"/partners/{membership.organization.slug}/staff/"

    client.force_login(admin)
    assert client.get(staff_page)["Location"] == "/accounts/2fa/totp/activate/"
    # A page they may not open at all is refused, whether or not two-factor is set up.
    assert client.get("/network/audit/").status_code == 403
    factories.with_two_factor(admin)
    assert client.get(staff_page).status_code == 200


@pytest.mark.django_db
def test_the_way_back_is_only_ever_a_path_of_this_site(client):
    lead = factories.verified_user("dana@example.org", is_coalition_lead=True)
    client.force_login(lead)
    session = client.session
    session["after_mfa"] = "//elsewhere.example/network/leads/"
    session.save()

    page = client.get("/accounts/2fa/")

    assert "Continue to the page you asked for" not in page.text
    assert "elsewhere.example" not in page.text


def _with_two_factor(user):
    factories.with_two_factor(user)
    RecoveryCodes.activate(user)


# url -> whether the person already has an authenticator app
MANAGE_PAGES = {
    "/accounts/2fa/": False,
    "/accounts/2fa/totp/activate/": False,
    "/accounts/2fa/totp/deactivate/": True,
    "/accounts/2fa/recovery-codes/": True,
    "/accounts/2fa/recovery-codes/generate/": True,
    "/accounts/2fa/webauthn/": False,
    "/accounts/2fa/webauthn/add/": False,
    "/accounts/2fa/reauthenticate/": True,
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(MANAGE_PAGES))
def test_two_factor_pages_are_in_the_site_layout(client, settings, url):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server speaks plain http
    user = factories.verified_user("dana@example.org")
    if MANAGE_PAGES[url]:
        _with_two_factor(user)
    _sign_in(client, user, confirm_password=not MANAGE_PAGES[url])
    if MANAGE_PAGES[url]:
        client.post("/accounts/2fa/authenticate/", {"code": factories.totp_code(at=NOW)})
        client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})

    response = client.get(url)

    assert response.status_code == 200, response.get("Location")
    assert markup_problems(response.text) == []
    assert 'class="skip-link"' in response.text


@pytest.mark.django_db
def test_the_code_step_of_signing_in_is_in_the_site_layout(client):
    user = factories.verified_user("dana@example.org")
    _with_two_factor(user)
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"

    page = client.get("/accounts/2fa/authenticate/")

    assert markup_problems(page.text) == []
    response = client.post("/accounts/2fa/authenticate/", {"code": factories.totp_code(at=NOW)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_security_keys_use_allauths_script_from_our_own_static_files(client, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    user = factories.verified_user("dana@example.org")
    _sign_in(client, user)

    page = client.get("/accounts/2fa/webauthn/add/").text

    for script in ("/static/mfa/js/webauthn-json.js", "/static/mfa/js/webauthn.js"):
        assert f'<script src="{script}"></script>' in page
        assert client.get(script).status_code == 200


@pytest.mark.django_db
def test_the_demo_lead_and_admin_get_the_demo_secret_once(settings):
    settings.DEBUG = True
    settings.DEMO_TOTP_SECRET = "KRUGS4ZANFZSA5DIMUQGIZLNN4QHGZLD"
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)

    for email in ("lead@example.org", "admin@example.org"):
        authenticators = Authenticator.objects.filter(user__email=email)
        assert sorted(authenticators.values_list("type", flat=True)) == ["recovery_codes", "totp"]
        totp = authenticators.get(type=Authenticator.Type.TOTP)
        assert decrypt(totp.data["secret"]) == "KRUGS4ZANFZSA5DIMUQGIZLNN4QHGZLD"
    assert not Authenticator.objects.filter(user__email="member@example.org").exists()
