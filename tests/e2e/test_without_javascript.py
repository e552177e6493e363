"""The core tasks in a browser with JavaScript turned off: registering for an event, changing
one's needs, cancelling, posting a progress update, filtering the dashboard, checking someone
in. Each works with plain forms and links; the tests check what is stored and what the person
sees."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from initiatives.models import ProgressUpdate
from tests.e2e.helpers import PHONE, filter_dashboard_to_the_new_skills_network, sign_in

UPCOMING = "community-listening-session-springfield"
MEETING = "nsrn-boston-leadership-team-working-meeting"  # hosted by EdVestors
OBJECTIVE = "sign-secondary-postsecondary-data-sharing-agreements"  # EdVestors'


@pytest.fixture
def no_script(browser, live_server):
    """A phone-sized page with JavaScript turned off."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_visitor_registers_changes_needs_and_cancels(no_script, live_server, demo_data):
    page = no_script
    page.goto(live_server.url + f"/events/{UPCOMING}/")
    page.get_by_role("link", name="Register", exact=True).first.click()
    page.get_by_label("Your name").fill("Marisol Rivera")
    page.get_by_label("Email address").fill("marisol@example.org")
    page.get_by_label(re.compile("Childcare")).fill("1")
    page.get_by_label("I agree to the privacy notice above.").check()
    page.get_by_role("button", name="Register").click()

    expect(page.locator("main")).to_contain_text("You are registered. We have emailed you.")
    registration = Registration.objects.get(email="marisol@example.org")
    assert (registration.event.slug, registration.status, registration.children_count) == (
        UPCOMING,
        "confirmed",
        1,
    )

    # Her needs change: two children, and a ride.
    page.get_by_label(re.compile("Childcare")).fill("2")
    page.get_by_label(re.compile("transportation", re.I)).check()
    page.get_by_role("button", name="Save what I need").click()
    expect(page.locator("main")).to_contain_text("Your needs are saved. Thank you for telling us.")
    registration.refresh_from_db()
    assert (registration.children_count, registration.needs_transportation) == (2, True)

    page.get_by_role("link", name="Cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your registration?")
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # asking changes nothing
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.locator("main")).to_contain_text("Your registration is cancelled.")
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_staff_post_a_progress_update(no_script, live_server, demo_data):
    page = no_script
    sign_in(page, live_server, "staff@example.org")
    page.goto(live_server.url + f"/initiatives/objectives/{OBJECTIVE}/")
    page.get_by_role("link", name="Post an update").click()
    page.get_by_label("At risk").check()
    page.get_by_label("What happened (English)").fill(
        "The districts asked for one more month to sign."
    )
    page.get_by_role("button", name="Post the update").click()

    expect(page.locator("main")).to_contain_text("Your update is posted. Thank you.")
    expect(page.locator("main")).to_contain_text("The districts asked for one more month")
    update = ProgressUpdate.objects.latest("created_at")
    assert (update.objective.slug, update.status, update.author.email) == (
        OBJECTIVE,
        "at_risk",
        "staff@example.org",
    )


def test_a_lead_filters_the_dashboard(no_script, live_server, demo_data):
    page = no_script
    sign_in(page, live_server, "lead@example.org", with_code=True)
    page.goto(live_server.url + "/dashboard/")
    filter_dashboard_to_the_new_skills_network(page)


def test_an_organizer_checks_someone_in(no_script, live_server, demo_data):
    page = no_script
    sign_in(page, live_server, "staff@example.org")
    person = Registration.objects.get(event__slug=MEETING, email="admin@example.org")
    page.goto(live_server.url + f"/events/{MEETING}/organize/check-in/")
    page.get_by_label("Find a person").fill(person.name.split()[-1])
    page.locator("main").get_by_role("button", name="Search").click()
    page.get_by_role("button", name=f"Check in {person.name}").click()

    expect(page.locator(f"#person-{person.pk}")).to_contain_text("Here since")
    person.refresh_from_db()
    assert person.checked_in_at is not None
