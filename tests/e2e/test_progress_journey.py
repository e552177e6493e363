"""Partner staff on a phone find an objective of their organization, post an update, see it on
the objective's and the initiative's pages, and withdraw it."""

import re

from playwright.sync_api import expect

from initiatives.models import ProgressUpdate
from tests.e2e.helpers import fits_the_phone, sign_in


def test_staff_post_an_update_from_a_phone(phone, live_server, demo_data):
    sign_in(phone, live_server, "staff@example.org")
    phone.goto(live_server.url + "/partners/edvestors/")
    fits_the_phone(phone)
    objectives = phone.locator("main").get_by_role("heading", level=3).get_by_role("link")
    title = objectives.first.inner_text()
    objectives.first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    fits_the_phone(phone)

    phone.get_by_role("link", name="Post an update").click()
    fits_the_phone(phone)
    phone.get_by_label("At risk").check()
    phone.get_by_label("What happened (English)").fill(
        "Two partner schools paused their internships until the spring term."
    )
    phone.get_by_label(re.compile("Evidence link")).fill("https://example.org/spring-plan")
    phone.get_by_role("button", name="Post the update").click()

    expect(phone.locator("main")).to_contain_text("Your update is posted. Thank you.")
    expect(phone.locator("main")).to_contain_text("Two partner schools paused their internships")
    update = ProgressUpdate.objects.latest("created_at")
    assert (update.status, update.organization.name, update.author.email) == (
        "at_risk",
        "EdVestors",
        "staff@example.org",
    )
    # The initiative's page now gives the objective's status from this update.
    phone.locator("main p.meta").get_by_role("link").first.click()
    item = phone.locator("main li", has_text=title).first
    expect(item).to_contain_text("At risk")
    fits_the_phone(phone)


def test_staff_withdraw_their_update_from_a_phone(phone, live_server, demo_data):
    sign_in(phone, live_server, "staff@example.org")
    phone.goto(live_server.url + "/partners/edvestors/")
    phone.locator("main").get_by_role("heading", level=3).get_by_role("link").first.click()
    objective_url = phone.url
    phone.get_by_role("link", name="Post an update").click()
    phone.get_by_label("On track").check()
    phone.get_by_label("What happened (English)").fill("Posted to the wrong objective by mistake.")
    phone.get_by_role("button", name="Post the update").click()
    expect(phone.locator("main")).to_contain_text("Your update is posted. Thank you.")
    update = ProgressUpdate.objects.latest("created_at")

    card = phone.locator(f"#update-{update.pk}")
    card.get_by_text("Withdraw this update").click()
    card.get_by_label("Why withdraw it").fill("Meant for the Boston objective.")
    card.get_by_role("button", name="Withdraw").click()
    fits_the_phone(phone)
    update.refresh_from_db()
    assert update.withdrawn_at is not None
    assert update.withdrawal_reason == "Meant for the Boston objective."
    # The author still sees it in the history, marked; a visitor no longer sees it at all.
    card = phone.locator(f"#update-{update.pk}")
    expect(card).to_contain_text("Withdrawn")
    expect(card).to_contain_text("Meant for the Boston objective.")
    phone.context.clear_cookies()
    phone.goto(objective_url)
    expect(phone.locator("main")).not_to_contain_text("Posted to the wrong objective")


def test_the_two_languages_of_an_update_sit_side_by_side_on_a_wide_screen(
    phone, live_server, demo_data
):
    sign_in(phone, live_server, "staff@example.org")
    phone.goto(live_server.url + "/partners/edvestors/")
    phone.locator("main").get_by_role("heading", level=3).get_by_role("link").first.click()
    phone.get_by_role("link", name="Post an update").click()
    english = phone.get_by_label("What happened (English)")
    spanish = phone.get_by_label("What happened (Spanish)")
    # On a phone, one above the other, each as wide as the page allows.
    on_phone = english.bounding_box(), spanish.bounding_box()
    assert on_phone[1]["y"] > on_phone[0]["y"] + on_phone[0]["height"]
    assert abs(on_phone[1]["x"] - on_phone[0]["x"]) < 1
    fits_the_phone(phone)
    # On a wide screen, side by side.
    phone.set_viewport_size({"width": 1280, "height": 900})
    wide = english.bounding_box(), spanish.bounding_box()
    assert abs(wide[1]["y"] - wide[0]["y"]) < 1
    assert wide[1]["x"] >= wide[0]["x"] + wide[0]["width"]
    phone.set_viewport_size({"width": 390, "height": 844})

    phone.get_by_label("On track").check()
    phone.get_by_role("radio", name="Spanish").check()
    spanish.fill("Dos escuelas se sumaron a las pasantías de verano.")
    phone.get_by_role("button", name="Post the update").click()
    expect(phone.locator("main")).to_contain_text("Your update is posted. Thank you.")
    # An English reader sees the Spanish, marked as Spanish for the screen reader.
    narrative = phone.locator(".update__narrative").first
    expect(narrative).to_have_attribute("lang", "es")
    expect(narrative).to_contain_text("Dos escuelas se sumaron")
    update = ProgressUpdate.objects.latest("created_at")
    assert (update.language, update.narrative_es) == (
        "es",
        "Dos escuelas se sumaron a las pasantías de verano.",
    )
