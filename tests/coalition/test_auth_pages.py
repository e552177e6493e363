"""allauth's pages in the site's layout, and its emails delivered through the outbox."""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from django.urls import reverse

from coalition.models import OutboxEmail, User
from tests.factories import DEFAULT_PASSWORD
from tests.support.markup import markup_problems

NEW_PASSWORD = "mattapan-listening-2025"
WRONG_LOGIN = "The email address and/or password you specified are not correct."


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """`with sending():` runs the on-commit hooks on leaving the block, as a real commit would,
    so the outbox hands its email to (eager) Celery; the test runs inside one transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.ids, self.label_for, self.controls = [], set(), set(), []
        self.described_by, self.problems, self.main = [], [], False
        self.skip_link = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.ids.add(a.get("id"))
        # The error summary's heading comes before the h1 (tests/support/markup.py).
        if re.fullmatch(r"h[1-6]", tag) and "error-summary__title" not in (a.get("class") or ""):
            self.headings.append(int(tag[1]))
        if tag == "main" and a.get("id") == "main":
            self.main = True
        if tag == "a" and "skip-link" in (a.get("class") or "") and a.get("href") == "#main":
            self.skip_link = True
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.controls.append(a.get("id"))
        if a.get("aria-describedby"):
            self.described_by.extend(a["aria-describedby"].split())
        if "style" in a or any(name.startswith("on") for name in a):
            self.problems.append(f"inline style or handler on <{tag}>")
        if tag == "script":
            self.problems.append("<script>")


def assert_in_layout(response):
    """The page is ours: skip link, main landmark, one h1, headings in order, labelled controls."""
    assert response.status_code == 200
    html = response.content.decode()
    assert markup_problems(html) == []
    page = _Page()
    page.feed(html)
    assert page.skip_link
    assert page.main
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    assert all(b <= a + 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert page.problems == []
    assert all(control in page.label_for for control in page.controls), page.controls
    assert set(page.described_by) <= page.ids
    assert 'href="/language/es/?next=' in html  # the language links
    return page


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def _reset_url(user):
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("account_login", "Sign In"),
        ("account_signup", "Sign Up"),
        ("account_reset_password", "Reset My Password"),
        ("account_reset_password_done", "We have sent you an email"),
        ("account_reset_password_from_key_done", "Your password is now changed."),
        ("account_email_verification_sent", "We have sent an email to you for verification"),
    ],
)
def test_anonymous_account_pages_are_in_the_layout(client, db, url_name, text):
    response = client.get(reverse(url_name))
    assert_in_layout(response)
    assert text in response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("account_logout", "Are you sure you want to sign out?"),
        ("account_email", "Add Email Address"),
        ("account_change_password", "Current Password"),
    ],
)
def test_signed_in_account_pages_are_in_the_layout(client, user, url_name, text):
    _verified(user)
    client.force_login(user)
    response = client.get(reverse(url_name))
    assert_in_layout(response)
    assert text in response.content.decode()


def test_account_settings_pages_link_to_each_other(client, user):
    client.force_login(_verified(user))
    html = client.get(reverse("account_change_password")).content.decode()
    assert f'href="{reverse("account_email")}"' in html
    assert f'href="{reverse("account_change_password")}" aria-current="page"' in html


def test_login_and_signup_link_to_each_other_and_to_password_reset(client, db):
    login = client.get(reverse("account_login")).content.decode()
    signup = client.get(reverse("account_signup")).content.decode()
    reset = f'href="{reverse("account_reset_password")}"'
    assert f'href="{reverse("account_signup")}"' in login and reset in login
    assert f'href="{reverse("account_login")}"' in signup and reset in signup


def test_fields_are_labelled_with_their_help_and_errors_tied_to_them(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "parent@example.org", "password1": "short", "password2": "short"},
    )
    page = assert_in_layout(response)
    html = response.content.decode()
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in html
    assert {"id_password1_helptext", "id_password1_error"} <= page.ids
    assert "This password is too short." in html
    assert 'class="button"' in html
    assert not User.objects.exists()


def test_signup_sends_a_confirmation_and_the_emailed_link_opens_the_account(client, db, sending):
    with sending():
        response = client.post(
            reverse("account_signup"),
            {
                "email": "Organizer@Example.org",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    # Verification is mandatory: nobody is signed in until the address is confirmed, so the
    # answer is the same whether or not the address already had an account.
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "organizer@example.org"
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["organizer@example.org"]
    # The key carries the second it was made: read it from the email, then check it is this
    # address's (computing one here would differ whenever a second has passed).
    prefix = reverse("account_confirm_email", args=["KEY"]).split("KEY")[0]
    key = message.body.split(prefix, 1)[1].split("/", 1)[0]
    assert EmailConfirmationHMAC.from_key(key).email_address == EmailAddress.objects.get(user=user)

    confirmed = client.post(reverse("account_confirm_email", args=[key]))
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    response = client.post(
        reverse("account_login"), {"login": "organizer@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Sign out" in client.get(reverse("account_email")).content.decode()


def test_login_with_email_and_password(client, user):
    _verified(user)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_password_shows_the_error_with_the_form(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert_in_layout(response)
    html = response.content.decode()
    assert WRONG_LOGIN in html
    # Announced by the error summary, which links to the message in the form, above the fields
    # it is about.
    summary = html[html.index('<div class="error-summary" role="alert"') :]
    assert summary.index(f'<a href="#form-errors">{WRONG_LOGIN}</a>') < summary.index("</div>")
    form = html[html.index('<form class="account-form"') :]
    assert form.index('id="form-errors"') < form.index(WRONG_LOGIN) < form.index('id="id_login"')
    assert "_auth_user_id" not in client.session


def test_password_reset_through_the_outbox_and_the_emailed_link(client, user, sending):
    _verified(user)
    with sending():
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.url == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "Hello from Coalition portal!" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body)[1]
    outbox = OutboxEmail.objects.get()
    assert (outbox.to, outbox.status) == ([user.email], OutboxEmail.Status.SENT)
    assert outbox.sent_at is not None

    form = client.get(link, follow=True)
    assert_in_layout(form)
    assert "New Password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.url == reverse("account_reset_password_from_key_done")

    client.logout()
    assert not client.login(email=user.email, password=DEFAULT_PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_used_or_forged_reset_link_says_so_in_the_layout(client, user):
    bad = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nope"})
    response = client.get(bad, follow=True)
    assert_in_layout(response)
    assert "Bad Token" in response.content.decode()
    assert 'name="password1"' not in response.content.decode()


def test_reset_from_key_page_is_in_the_layout(client, user):
    response = client.get(_reset_url(user), follow=True)
    assert_in_layout(response)
    assert 'name="password1"' in response.content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_no_link(
    client, user, sending
):
    with sending():
        known = client.post(reverse("account_reset_password"), {"email": user.email}, follow=True)
        unknown = client.post(
            reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True
        )
    assert known.redirect_chain == unknown.redirect_chain
    assert_in_layout(unknown)
    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(known.content.decode())[0] == main.search(unknown.content.decode())[0]

    # The stranger's address gets allauth's "unknown account" note: no reset link, a sign-up link.
    _, stranger = mail.outbox
    assert stranger.to == ["nobody@example.org"]
    assert stranger.subject == "Unknown Account"
    assert "nobody@example.org" in stranger.body
    assert "http://testserver/accounts/signup/" in stranger.body
    assert "/password/reset/key/" not in stranger.body
    assert OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT).count() == 2


def test_email_confirmation_page_confirms_the_address(client, user):
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    response = client.get(url)
    assert_in_layout(response)
    assert "Please confirm that" in response.content.decode()
    client.post(url)
    address.refresh_from_db()
    assert address.verified


def test_an_expired_confirmation_link_says_so_in_the_layout(client, db):
    response = client.get(reverse("account_confirm_email", args=["not-a-key"]))
    assert_in_layout(response)
    assert "This email confirmation link expired or is invalid." in response.content.decode()


def test_adding_an_address_sends_its_confirmation_through_the_outbox(client, user, sending):
    client.force_login(_verified(user))
    with sending():
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "work@example.org"}
        )
    assert response.status_code == 302
    assert not EmailAddress.objects.get(email="work@example.org").verified
    assert [m.to for m in mail.outbox] == [["work@example.org"]]
    page = client.get(reverse("account_email"))
    assert_in_layout(page)
    assert "work@example.org" in page.content.decode()


def test_sign_out_is_a_confirmed_post(client, user):
    client.force_login(user)
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_change_keeps_the_person_signed_in(client, user):
    client.force_login(_verified(user))
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_account_pages_speak_spanish(client, db):
    client.cookies["django_language"] = "es"
    html = client.get(reverse("account_signup")).content.decode()
    assert '<html lang="es">' in html
    assert "¿Olvidó su contraseña?" in html


def test_the_one_address_form_ties_its_error_to_the_field(client, user, settings):
    # With ACCOUNT_CHANGE_EMAIL a person has one address; allauth builds these fields by hand.
    settings.ACCOUNT_CHANGE_EMAIL = True
    client.force_login(_verified(user))
    assert_in_layout(client.get(reverse("account_email")))
    response = client.post(reverse("account_email"), {"action_add": "", "email": "not-an-address"})
    assert_in_layout(response)
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'aria-invalid="true" aria-describedby="id_email_error"' in html
    assert f'value="{user.email}"' in html  # the current address, shown read-only
