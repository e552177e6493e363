"""Reviewers: the host's staff and the leads score and decide, with a reason; anyone else 403;
every decision is audited and emailed in the applicant's language."""

import pytest

from coalition.models import AuditLog
from events.models import Registration
from programs import services
from programs.models import Application, Review
from tests.events.helpers import signed_in_organizer
from tests.factories import EventFactory, two_factor_lead, verified_user
from tests.programs.helpers import accepted, emails_to, open_call, submitted

pytestmark = pytest.mark.django_db


def review_url(application):
    return f"/programs/{application.call.program.slug}/review/{application.pk}/"


def test_a_lead_scores_and_accepts_with_reasons(client):
    call = open_call(name_es="Academia de prueba")
    application = submitted(call, language="es")
    lead = two_factor_lead()
    client.force_login(lead)
    listing = client.get(f"/programs/{call.program.slug}/review/")
    assert listing.status_code == 200 and "Ana Teacher" in listing.content.decode()
    assert client.get(review_url(application)).status_code == 200
    scored = client.post(
        review_url(application), {"action": "score", "score": "4", "reason": "Clear."}
    )
    assert scored.status_code == 302
    decided = client.post(
        review_url(application),
        {"action": "decide", "decision": "accepted", "reason": "Bienvenida."},
    )
    assert decided.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted" and application.decision_reason == "Bienvenida."
    assert Review.objects.get().score == 4
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"application.reviewed", "application.accepted"} <= actions
    # In her language.
    assert "Academia de prueba" in emails_to("teacher@example.org")[-1].subject


def test_a_score_outside_1_to_5_or_without_reason_is_a_400(client):
    application = submitted(open_call())
    client.force_login(two_factor_lead())
    assert (
        client.post(
            review_url(application), {"action": "score", "score": "6", "reason": "x"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            review_url(application), {"action": "score", "score": "3", "reason": ""}
        ).status_code
        == 400
    )
    assert (
        client.post(
            review_url(application), {"action": "decide", "decision": "accepted", "reason": ""}
        ).status_code
        == 400
    )
    assert Review.objects.count() == 0
    application.refresh_from_db()
    assert application.status == "submitted"


def test_staff_of_the_host_review_and_others_are_refused(client):
    call = open_call()
    application = submitted(call)
    signed_in_organizer(client, call.program.host)
    assert client.get(review_url(application)).status_code == 200
    other = verified_user("other@example.org")
    client.force_login(other)
    assert client.get(review_url(application)).status_code == 403
    refused = client.post(
        review_url(application), {"action": "decide", "decision": "accepted", "reason": "x"}
    )
    assert refused.status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"


def test_a_draft_is_not_for_reviewers(client):
    from tests.programs.helpers import started

    application = started(open_call())
    client.force_login(two_factor_lead())
    assert client.get(review_url(application)).status_code == 404


def test_decline_and_waiting_list_are_emailed():
    call = open_call()
    lead = two_factor_lead()
    one = submitted(call, email="one@example.org")
    two = submitted(call, email="two@example.org")
    services.application_decide(application=one, actor=lead, decision="declined", reason="Full.")
    services.application_decide(application=two, actor=lead, decision="waitlisted", reason="Soon.")
    assert "Your application to" in emails_to("one@example.org")[-1].subject
    assert "waiting list" in emails_to("two@example.org")[-1].subject
    # From the waiting list, accepted later.
    services.application_decide(application=two, actor=lead, decision="accepted", reason="A place.")
    two.refresh_from_db()
    assert two.status == "accepted"


def test_accepted_people_form_a_cohort_registered_for_its_sessions():
    call = open_call()
    lead = two_factor_lead()
    first = accepted(call, by=lead, email="first@example.org")
    cohort = services.cohort_for(call=call)
    session = EventFactory(hosts=[call.program.host])
    assert services.cohort_session_add(cohort=cohort, event=session, actor=lead) == 1
    second = accepted(call, by=lead, email="second@example.org")
    registered = set(Registration.objects.filter(event=session).values_list("email", flat=True))
    assert registered == {first.email, second.email}
    # Leaving the cohort frees the seat.
    services.application_withdraw(application=second)
    assert Registration.objects.get(email=second.email).status == "cancelled"
    assert Application.objects.get(pk=second.pk).status == "withdrawn"
