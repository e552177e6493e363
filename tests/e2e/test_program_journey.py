"""A teacher applies to the Educator Voice Academy in Spanish, on a phone, with her email
confirmed from the link sent to her; a lead accepts her; the organizer checks her in at the
cohort's two sessions through the events' check-in page; she downloads her certificate.

The steps find the controls by their names in the markup (the field's id, the button's name),
so that they read the same whether the Spanish of a label is there yet or not."""

import io
import re

from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from programs.models import Application, Cohort
from tests.e2e.helpers import fits_the_phone, sign_in

TEACHER = "Lucía Ramírez"
EMAIL = "lucia.ramirez@example.org"


def _in_spanish(phone, live_server, path):
    phone.goto(f"{live_server.url}/language/es/?next={path}")
    expect(phone.locator("html")).to_have_attribute("lang", "es")


def test_a_teacher_applies_in_spanish_is_accepted_attends_and_gets_her_certificate(
    phone, live_server, demo_data
):
    # The programs, in Spanish, to the academy and its form.
    _in_spanish(phone, live_server, "/programs/")
    phone.locator('main a[href="/programs/educator-voice-academies/"]').first.click()
    expect(phone.locator("h1")).to_contain_text("Educator Voice Academies")
    fits_the_phone(phone)
    phone.locator('main a[href="/programs/educator-voice-academies/apply/"]').click()
    phone.locator("#id_apply_name").fill(TEACHER)
    phone.locator("#id_apply_email").fill(EMAIL)
    phone.locator("#id_apply_language").select_option("es")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("h1")).to_be_visible()
    assert Application.objects.get(email=EMAIL).status == "unconfirmed"

    # The email, in her language, and its link: she confirms, writes, saves, then submits.
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    path = re.search(r"https?://[^/\s]+(/programs/applications/\S+/)", message.body)[1]
    phone.goto(live_server.url + path)
    phone.locator("button[name=confirm]").click()
    application = Application.objects.get(email=EMAIL)
    assert application.status == "draft"
    questions = list(application.call.questions.order_by("position"))
    phone.locator(f"#id_q{questions[0].pk}").fill("Escuela Primaria Example, Lynn")
    phone.locator("button[name=save]").click()
    expect(phone.locator(f"#id_q{questions[0].pk}")).to_have_value("Escuela Primaria Example, Lynn")
    # The choice, read in Spanish, stored as its English option.
    phone.get_by_label("Grados de primaria").check()
    phone.locator(f"#id_q{questions[2].pk}").fill("Las familias que hablan español.")
    phone.locator("button[name=submit]").click()
    expect(phone.locator(".status--submitted")).to_be_visible()
    fits_the_phone(phone)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.answers[str(questions[1].pk)] == "Elementary grades"

    # A lead (in English) accepts her, with a reason.
    phone.goto(f"{live_server.url}/language/en/?next=/")
    sign_in(phone, live_server, "lead@example.org", with_code=True)
    phone.goto(live_server.url + "/programs/educator-voice-academies/review/")
    phone.get_by_role("link", name=TEACHER).click()
    decide = phone.locator('main form:has(input[name=action][value="decide"])')
    decide.get_by_label("Accept").check()
    decide.get_by_label("Reason for the decision").fill("Bienvenida a la academia.")
    decide.get_by_role("button", name="Save the decision").click()
    expect(phone.locator("main")).to_contain_text("The decision is saved")
    application.refresh_from_db()
    assert application.status == "accepted"
    # Told in her language, with the confirmations of her two sessions.
    hers = [m for m in mail.outbox if m.to == [EMAIL]]
    assert any("Educator Voice Academies" in m.subject for m in hers[1:])

    # The organizer checks her in at the cohort's two sessions.
    cohort = Cohort.objects.get(call=application.call)
    for session in cohort.sessions.order_by("starts_at"):
        phone.goto(f"{live_server.url}/events/{session.slug}/organize/check-in/")
        person = phone.locator("li.check-in__person", has_text=TEACHER)
        person.get_by_role("button", name=re.compile("Check in")).click()
        expect(phone.locator("li.check-in__person--in", has_text=TEACHER)).to_have_count(1)

    # Back on her application's page, in Spanish: her certificate, a PDF with her name.
    _in_spanish(phone, live_server, path)
    link = phone.locator('main a[href$="certificate.pdf"]')
    with phone.expect_download(timeout=60_000) as download:
        link.click(timeout=60_000)
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert TEACHER in text
