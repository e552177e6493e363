"""A parent on a phone, in Spanish, with no account, registers for the listening session in
Lynn with childcare and interpretation, gets the email with the calendar file, cancels from its
link; the first person waiting is promoted and told; the organizer sees the needs and checks
people in."""

import re
from urllib.parse import urlsplit

from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from events import services
from events.models import Event, Registration
from tests.e2e.helpers import PHONE, fits_the_phone, sign_in

LYNN = "community-listening-session-lynn"


def test_a_parent_registers_in_spanish_and_a_seat_passes_on(browser, live_server, demo_data):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="es-US")
    phone = context.new_page()
    phone.goto(live_server.url + "/events/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Próximos eventos")
    phone.get_by_text("Buscar un evento: comunidad, idioma, fecha…").click()
    phone.get_by_label("Sitio de demostración").select_option(label="Lynn, Massachusetts")
    phone.get_by_role("button", name="Mostrar eventos").click()
    # The session's own texts are in Spanish too.
    phone.get_by_role("link", name="Sesión de escucha comunitaria en Lynn").click()
    fits_the_phone(phone)

    phone.get_by_role("link", name="Inscribirse").click()
    fits_the_phone(phone)
    phone.get_by_label("Su nombre").fill("Marisol Rivera")
    phone.get_by_label("Dirección de correo").fill("marisol@example.org")
    phone.get_by_label("Interpretación").select_option("pt")
    phone.get_by_label("Cuidado de niños: ¿cuántos niños?").fill("2")
    phone.get_by_label("Acepto el aviso de privacidad de arriba.").check()
    phone.get_by_role("button", name="Inscribirse").click()

    expect(phone.locator("main")).to_contain_text("Está inscrito/a. Le enviamos un correo.")
    fits_the_phone(phone)
    marisol = Registration.objects.get(email="marisol@example.org")
    assert (marisol.status, marisol.children_count, marisol.interpretation_language) == (
        "confirmed",
        2,
        "pt",
    )
    [confirmation] = [m for m in mail.outbox if m.to == ["marisol@example.org"]]
    assert confirmation.subject == "Está inscrito/a: Sesión de escucha comunitaria en Lynn"
    [vevent] = Calendar.from_ical(confirmation.attachments[0][1]).walk("VEVENT")
    # The demo's upcoming Lynn session is an example: its calendar entry may say so first.
    assert str(vevent["summary"]).endswith("Sesión de escucha comunitaria en Lynn")
    link = re.search(r"https?://\S+/events/manage/\S+/", confirmation.body).group(0)

    # The session fills up and two more people wait.
    event = Event.objects.get(slug=LYNN)
    event.capacity = event.registrations.filter(status="confirmed").count()
    event.save()
    first = services.registration_create(
        event=event, name="Ana Lima", email="ana@example.org", language="en"
    )
    second = services.registration_create(
        event=event, name="Luis Soto", email="luis@example.org", language="es"
    )
    assert (first.status, second.status) == ("waitlisted", "waitlisted")

    # Marisol cancels from the link in her email.
    phone.goto(live_server.url + urlsplit(link).path)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Su inscripción")
    # A link to a second page that asks "Are you sure?"; its form cancels.
    phone.get_by_role("link", name="Cancelar mi inscripción").click()
    assert urlsplit(phone.url).path == urlsplit(link).path + "cancel/"
    assert Registration.objects.get(pk=marisol.pk).status == "confirmed"
    phone.locator('main form[action$="/cancel/"] button[type=submit]').click()
    expect(phone.locator("main")).to_contain_text("Su inscripción está cancelada.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    [told] = [m for m in mail.outbox if m.to == ["ana@example.org"]][-1:]
    assert told.subject == "A seat is yours: Community listening session in Lynn"
    assert told.attachments[0][0] == "event.ics"
    context.close()


def test_the_organizer_sees_the_needs_and_checks_people_in(phone, live_server, demo_data):
    event = Event.objects.get(slug=LYNN)
    confirmed = event.registrations.filter(status="confirmed")
    children = sum(confirmed.values_list("children_count", flat=True))
    sign_in(phone, live_server, "lead@example.org", with_code=True)
    phone.goto(live_server.url + f"/events/{LYNN}/organize/roster/")
    needs = phone.locator("dl.needs")
    expect(needs).to_contain_text(re.compile(rf"{children} child"))
    fits_the_phone(phone)

    person = confirmed.order_by("name").first()
    phone.get_by_role("link", name="Check-in").click()
    phone.get_by_label("Find a person").fill(person.name.split()[0])
    phone.locator("main").get_by_role("button", name="Search").click()
    phone.get_by_role("button", name=f"Check in {person.name}").click()
    expect(phone.locator(f"#person-{person.pk}")).to_contain_text("Here since")
    person.refresh_from_db()
    assert person.checked_in_at is not None
    fits_the_phone(phone)
