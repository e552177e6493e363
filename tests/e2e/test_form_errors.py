"""A refused form on a phone: the registration form sent empty answers with the error summary,
focused and on the first screen, each error a link that takes the person to the field."""

import re

from playwright.sync_api import expect

from tests.e2e.helpers import PHONE, fits_the_phone
from tests.factories import EventFactory, OrganizationFactory


def test_an_empty_registration_is_summed_up_on_the_first_screen(
    phone, live_server, transactional_db
):
    event = EventFactory(hosts=[OrganizationFactory()], title="Listening session in Lynn")
    phone.goto(f"{live_server.url}/events/{event.slug}/register/")
    phone.get_by_role("button", name="Register").click()

    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(phone).to_have_title(re.compile(r"^Error: Register: Listening session in Lynn"))
    # Focused without scrolling the page away from its top: the whole summary on the first screen.
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    fits_the_phone(phone)

    # The unticked consent box, far below on a phone, is one link away.
    consent = summary.get_by_role("link", name=re.compile("Please agree to the privacy notice"))
    consent.click()
    expect(phone.get_by_label("I agree to the privacy notice above.")).to_be_in_viewport()
    expect(phone.get_by_label("I agree to the privacy notice above.")).to_be_focused()
    expect(phone.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
