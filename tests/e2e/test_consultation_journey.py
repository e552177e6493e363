"""A parent on a phone comments on Brown's Promise's (example) draft agenda, in Spanish,
confirms it from the email, and reads it under its section once a lead approves it."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.helpers import fits_the_phone, sign_in

TEXT = "Por favor, incluyan una sesión en Lynn sobre el transporte escolar."


def test_a_parent_comments_on_the_draft_and_a_lead_approves_it(phone, live_server, demo_data):
    # From the initiative's page to its draft open for comment.
    phone.goto(live_server.url + "/initiatives/browns-promise-massachusetts/")
    phone.get_by_role("region", name="Open for your comment").get_by_role("link").first.click()
    expect(phone.locator("h1")).to_contain_text("Example of a draft open for comment")
    fits_the_phone(phone)

    # The comment, on the first section, in Spanish.
    phone.get_by_label("Your name").fill("Rosa Díaz")
    phone.get_by_label("Email address").fill("rosa.diaz@example.org")
    phone.get_by_label("Language of your comment and our email").select_option("es")
    phone.get_by_label("Your comment is about").select_option(index=1)
    phone.get_by_role("textbox", name="Your comment").fill(TEXT)
    phone.get_by_role("button", name="Send my comment").click()
    expect(phone.locator("h1")).to_have_text("Check your email to confirm your comment")

    # The email's link, then the button that confirms.
    [message] = [m for m in mail.outbox if m.to == ["rosa.diaz@example.org"]]
    assert "Ejemplo de un borrador" in message.subject
    path = re.search(r"https?://[^/\s]+(/consult/confirm/\S+)", message.body)[1]
    phone.goto(live_server.url + path)
    phone.get_by_role("button", name="Confirm my comment").click()
    expect(phone.locator("h1")).to_have_text("Your comment is confirmed")

    # A lead approves it from the queue.
    sign_in(phone, live_server, "lead@example.org", with_code=True)
    phone.goto(live_server.url + "/consult/moderation/")
    card = phone.locator(".card", has_text=TEXT)
    card.get_by_role("button", name="Approve").click()
    expect(phone.locator("main")).to_contain_text("The comment is approved")
    fits_the_phone(phone)

    # Under its section, in its language, counted.
    phone.goto(live_server.url + "/consult/example-draft-policy-agenda/")
    shown = phone.locator('li.comment[lang="es"]', has_text=TEXT)
    expect(shown).to_have_count(1)
    section = phone.locator("section.document-section").first
    expect(section).to_contain_text("2 comments")
