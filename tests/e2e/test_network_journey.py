"""A coalition lead on a phone finds an email the portal could not send and sends it again."""

import re

from django.core import mail
from playwright.sync_api import expect

from coalition.models import OutboxEmail
from tests.e2e.helpers import fits_the_phone, sign_in
from tests.factories import OutboxEmailFactory


def test_a_lead_sends_a_failed_email_again_from_a_phone(phone, live_server, demo_data):
    failed = OutboxEmailFactory(unsent=True)
    mail.outbox.clear()
    sign_in(phone, live_server, "lead@example.org", with_code=True)
    phone.goto(live_server.url + "/network/emails/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Unsent emails")
    row = phone.locator("tbody tr", has_text="Family listening session")
    # The recipient is masked; the reason it failed is there.
    expect(row).to_contain_text("pa…@example.org")
    expect(row).not_to_contain_text("parent.rivera")
    expect(row).to_contain_text("SMTPServerDisconnected")
    fits_the_phone(phone)

    row.get_by_role("button", name=re.compile("^Send again: You are registered")).click()
    expect(phone.locator("main")).to_contain_text("is queued to be sent again")
    expect(phone.locator("main")).to_contain_text("Every email has been sent.")
    failed.refresh_from_db()
    assert failed.status == OutboxEmail.Status.SENT
    sent = [m for m in mail.outbox if m.to == ["parent.rivera@example.org"]]
    assert len(sent) == 1
    assert sent[0].extra_headers["Message-ID"] == "<170000.1@example.org>"
