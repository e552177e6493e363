"""Attendance at the cohort's sessions (the events' check-in) and the certificate it earns."""

import io

import pytest
from pypdf import PdfReader

from events import services as events_services
from events.models import Registration
from programs import services
from tests.factories import EventFactory, two_factor_lead
from tests.programs.helpers import accepted, open_call, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant():
    call = open_call(attendance_threshold=2, name="Educator Voice Academy")
    lead = two_factor_lead()
    cohort = services.cohort_for(call=call)
    sessions = [EventFactory(hosts=[call.program.host]) for _ in range(3)]
    for session in sessions:
        services.cohort_session_add(cohort=cohort, event=session, actor=lead)
    application = accepted(call, by=lead, name="Rosa Díaz", email="rosa@example.org")
    return application, sessions, lead


def check_in(session, email, lead):
    registration = Registration.objects.get(event=session, email=email)
    events_services.registration_check_in(actor=lead, registration=registration)


def test_the_certificate_waits_for_the_threshold_then_is_a_pdf_with_her_name(client, participant):
    application, sessions, lead = participant
    url = f"{application.get_absolute_url()}certificate.pdf"
    check_in(sessions[0], application.email, lead)
    refused = client.get(url)
    assert refused.status_code == 403
    assert "once you have attended 2 sessions" in refused.content.decode()
    page = client.get(application.get_absolute_url()).content.decode()
    assert "You have attended 1 session of the 2 needed" in page
    check_in(sessions[1], application.email, lead)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rosa Díaz" in text


def test_no_certificate_before_acceptance(client):
    application = submitted(open_call())
    response = client.get(f"{application.get_absolute_url()}certificate.pdf")
    assert response.status_code == 403
    assert "only to accepted participants" in response.content.decode()
