"""Whole journeys of signing in, as people do them in a browser."""

import re

from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.totp import authenticator_code


def test_the_demo_lead_signs_in_with_a_code_from_the_authenticator(phone, live_server, demo_data):
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label(re.compile("Email")).fill("lead@example.org")
    phone.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign In").click()
    expect(phone.locator("h1")).to_contain_text("Two-Factor")
    code = authenticator_code()
    phone.get_by_label(re.compile("Authenticator code|Code", re.I)).fill(code)
    phone.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    phone.goto(live_server.url + "/network/audit/")
    expect(phone.locator("h1")).to_have_text("Audit log")


def test_a_parent_creates_an_account_then_signs_in_with_an_emailed_code(phone, live_server, db):
    phone.goto(live_server.url + "/accounts/signup/")
    phone.get_by_label(re.compile("^Email")).fill("parent@example.org")
    phone.get_by_label("Password:", exact=True).fill("a-long-family-passphrase")
    phone.get_by_label(re.compile("Password \\(again\\)")).fill("a-long-family-passphrase")
    phone.get_by_role("button", name="Sign Up").click()
    # Verification is mandatory: the emailed link opens the account.
    expect(phone.locator("h1")).to_contain_text("Verify")
    [welcome] = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", welcome.body)[0]
    phone.goto(link)
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("link", name="Sign out")).to_be_visible()
    phone.get_by_role("link", name="Sign out").click()
    phone.get_by_role("button", name="Sign Out").click()

    mail.outbox.clear()
    phone.goto(live_server.url + "/accounts/login/code/")
    phone.get_by_label(re.compile("Email")).fill("parent@example.org")
    phone.get_by_role("button", name=re.compile("Request Code", re.I)).click()
    expect(phone.locator("h1")).to_contain_text("Enter")
    [email] = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    code = email.body.split("Please enter it in your open browser window.")[1].split()[0]
    phone.get_by_label(re.compile("Code", re.I)).fill(code)
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("link", name="Sign out")).to_be_visible()
