"""A parent on a phone, with no account, follows Lynn by email: a mistake is shown beside its
field, the confirmation link asks for one press, the week's digest brings a new session and an
answer to what was heard there, and its link unsubscribes her in one click. (The community's
page carries the same form; here it is reached at its own address.)"""

import datetime as dt
import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import Follow
from events.models import Event
from portal.digests import digest_week, follow_digests_send
from tests.e2e.helpers import fits_the_phone
from tests.factories import (
    EventFactory,
    ObjectiveFactory,
    SessionReportFactory,
    ThemeFactory,
    community_named,
    progress_update,
)


def _path(message, name):
    return urlsplit(re.search(rf"https?://\S+/follows/{name}/\S+/", message.body).group(0)).path


def test_a_parent_follows_lynn_and_hears_what_changed(phone, live_server):
    lynn = community_named("Lynn")
    phone.goto(f"{live_server.url}/follows/{lynn.slug}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Follow Lynn by email")
    fits_the_phone(phone)

    phone.get_by_label("Your name (optional)").fill("Marisol Rivera")
    phone.get_by_label("Email address").fill("marisol@example")
    phone.get_by_label("Language for our emails").select_option("en")
    phone.get_by_label("New sessions in this community").uncheck()
    phone.get_by_label("Answers to what was heard at its sessions").uncheck()
    phone.get_by_role("button", name="Follow").click()
    # Both mistakes, each beside its field; nothing stored.
    expect(phone.locator("#id_follow_email_error")).to_contain_text("valid email address")
    expect(phone.locator("#id_follow_topics_error")).to_contain_text("Choose at least one")
    assert not Follow.objects.exists()

    phone.get_by_label("Email address").fill("marisol@example.org")
    phone.get_by_label("Answers to what was heard at its sessions").check()
    phone.get_by_label("New sessions in this community").check()
    phone.get_by_role("button", name="Follow").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your email")

    [confirmation] = mail.outbox
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    phone.goto(live_server.url + _path(confirmation, "confirm"))
    assert Follow.objects.get().confirmed_at is None  # opening the link confirms nothing yet
    phone.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You now follow Lynn")
    assert Follow.objects.get().confirmed_at is not None

    # Last week: a lead linked a theme heard in Lynn to an objective, a partner posted an
    # update on it, and a new session was published there.
    now = timezone.now()
    last_week = digest_week(now).start + dt.timedelta(days=2)
    objective = ObjectiveFactory(title="More crossing guards")
    heard = EventFactory(city="Lynn", starts_at=now - dt.timedelta(days=30))
    theme = ThemeFactory(report=SessionReportFactory(event=heard), title="Safe routes to school")
    theme.objectives.add(objective)
    progress_update(objective, at=last_week, narrative="Two new crossing guards on Union St.")
    new = EventFactory(city="Lynn", title="Family session in Lynn")
    Event.objects.filter(pk=new.pk).update(created_at=last_week)
    mail.outbox.clear()
    assert follow_digests_send() == 1
    [digest] = mail.outbox
    assert "Safe routes to school" in digest.body
    assert "Two new crossing guards on Union St." in digest.body
    assert "Family session in Lynn" in digest.body

    phone.goto(live_server.url + _path(digest, "unsubscribe"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Stop following Lynn?")
    phone.get_by_role("button", name="Unsubscribe").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    fits_the_phone(phone)
    assert Follow.objects.get().email == ""
