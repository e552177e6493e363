"""A community member asks to join a partner organization; its admin approves from a phone."""

import re

from django.core import mail
from playwright.sync_api import expect

from partners.models import Membership
from tests.e2e.helpers import sign_in


def test_a_member_asks_to_join_and_the_admin_approves(browser, phone, live_server, demo_data):
    sign_in(phone, live_server, "member@example.org")
    phone.goto(live_server.url + "/partners/edvestors/")
    phone.get_by_role("button", name="Ask to join").click()
    expect(phone.locator("main")).to_contain_text(re.compile("request|solicitud", re.I))
    assert Membership.objects.get(user__email="member@example.org").status == "requested"
    # The organization's admin is told by email.
    assert any(m.to == ["admin@example.org"] for m in mail.outbox)

    admin = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    sign_in(admin, live_server, "admin@example.org", with_code=True)
    admin.goto(live_server.url + "/partners/edvestors/staff/")
    admin.get_by_role("button", name="Approve").first.click()
    expect(admin.locator("main")).to_contain_text("Example Member")
    assert Membership.objects.get(user__email="member@example.org").status == "active"
    # And the person who asked hears back, in Spanish, their language.
    [answer] = [m for m in mail.outbox if m.to == ["member@example.org"]]
    assert answer.subject == "Ya forma parte del personal de EdVestors"
    admin.context.close()
