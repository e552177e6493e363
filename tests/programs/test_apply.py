"""Applying: the start form (signed in, or with an address confirmed by email), the draft saved
many times and submitted once, withdrawing, and each bad input the issue names."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from coalition.models import AuditLog
from programs import services
from programs.models import Application
from tests.factories import UserFactory, verified_user
from tests.programs.helpers import (
    answers_for,
    emails_to,
    open_call,
    private_path,
    started,
    submitted,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

START = {"name": "Ana Teacher", "email": "Ana@Example.org", "language": "es"}


def apply_url(call):
    return f"/programs/{call.program.slug}/apply/"


def test_without_an_account_the_address_is_confirmed_first_in_the_applicants_language(client):
    call = open_call(name_es="Academia de prueba")
    response = client.post(apply_url(call), START)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    application = Application.objects.get()
    assert application.status == "unconfirmed" and application.email == "ana@example.org"
    [message] = emails_to("ana@example.org")
    assert "Academia de prueba" in message.subject  # in her language
    path = private_path(message)
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my email address" in page.content.decode()
    assert client.post(path, {"confirm": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "draft" and application.confirmed_at is not None
    assert list(
        AuditLog.objects.filter(action__startswith="application.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["application.started", "application.confirmed"]


def test_a_signed_in_person_with_a_verified_address_goes_straight_to_the_draft(client):
    call = open_call()
    user = verified_user("ana@example.org", name="Ana Teacher")
    client.force_login(user)
    response = client.post(apply_url(call), {**START, "email": "ana@example.org"})
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.status == "draft" and application.user == user
    assert emails_to("ana@example.org") == []


def test_the_draft_is_saved_many_times_then_submitted_once(client):
    call = open_call()
    application = started(call)
    url = application.get_absolute_url()
    page = client.get(url).content.decode()
    assert markup_problems(page) == []
    assert "Your school?" in page and "Save my draft" in page
    first = answers_for(call)
    assert client.post(url, {**first, "save": "1"}).status_code == 302
    assert client.post(url, {**first, "save": "1"}).status_code == 302
    application.refresh_from_db()
    assert (
        application.status == "draft" and "Lynn English High School" in application.answers.values()
    )
    assert client.post(url, {**first, "submit": "1"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted" and application.submitted_at is not None
    assert [m.subject for m in emails_to("teacher@example.org")][-1].startswith("We received")
    # Once submitted, nothing more is changed.
    again = client.post(url, {**first, "submit": "1"})
    assert again.status_code == 409
    assert AuditLog.objects.filter(action="application.submitted").count() == 1


def test_submitting_without_a_required_answer_says_so_beside_the_question(client):
    call = open_call()
    application = started(call)
    short = call.questions.get(kind="short")
    response = client.post(
        application.get_absolute_url(), {**answers_for(call, **{f"q{short.pk}": ""}), "submit": "1"}
    )
    assert response.status_code == 400
    assert "Please answer this question before you submit." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft" and application.answers == {}


def test_a_choice_not_offered_is_refused(client):
    call = open_call()
    application = started(call)
    choice = call.questions.get(kind="choice")
    response = client.post(
        application.get_absolute_url(),
        {**answers_for(call, **{f"q{choice.pk}": "Nursery"}), "save": "1"},
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.answers == {}


def test_the_questions_read_in_spanish_and_the_choice_is_stored_in_english(client):
    call = open_call()
    application = started(call)
    client.cookies["django_language"] = "es"
    page = client.get(application.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "¿Nivel?" in page and "Secundaria" in page
    client.post(application.get_absolute_url(), {**answers_for(call), "save": "1"})
    application.refresh_from_db()
    assert "High" in application.answers.values()


def test_a_duplicate_application_is_a_409_with_a_clear_message_and_nothing_stored(client):
    call = open_call()
    submitted(call, email="ana@example.org")
    response = client.post(apply_url(call), START)
    assert response.status_code == 409
    assert "already applied to this call" in response.content.decode()
    assert Application.objects.count() == 1
    # It was sent the link to its application.
    assert any("Your application to" in m.subject for m in emails_to("ana@example.org"))


def test_the_database_allows_one_application_per_address_and_call():
    call = open_call()
    started(call, email="ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(call=call, name="Again", email="ana@example.org")


def test_after_the_deadline_starting_is_refused_and_nothing_stored(client):
    call = open_call()
    with time_machine.travel(call.deadline + dt.timedelta(minutes=1)):
        response = client.post(apply_url(call), START)
    assert response.status_code == 409
    assert "deadline of this call has passed" in response.content.decode()
    assert Application.objects.count() == 0


def test_after_the_deadline_a_draft_is_neither_saved_nor_submitted(client):
    call = open_call()
    application = started(call)
    with time_machine.travel(call.deadline + dt.timedelta(minutes=1)):
        response = client.post(application.get_absolute_url(), {**answers_for(call), "submit": "1"})
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.status == "draft" and application.answers == {}


def test_bad_start_input_is_a_400_beside_the_field(client):
    call = open_call()
    response = client.post(apply_url(call), {**START, "email": "not an address"})
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_withdrawing_before_a_decision_emails_the_applicant(client):
    call = open_call()
    application = submitted(call)
    response = client.post(f"{application.get_absolute_url()}withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert emails_to("teacher@example.org")[-1].subject.endswith("is withdrawn")
    assert client.post(f"{application.get_absolute_url()}withdraw/").status_code == 409


def test_an_unknown_link_is_404(client):
    assert client.get("/programs/applications/nope/").status_code == 404


def test_my_applications_are_on_my_page(client):
    call = open_call(name="Educator Voice Academy")
    user = verified_user("ana@example.org")
    services.application_start(
        call=call, name="Ana", email="ana@example.org", language="en", user=user
    )
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert "My applications to programs" in page and "Educator Voice Academy" in page


def test_an_unverified_account_is_still_asked_to_confirm(client):
    call = open_call()
    client.force_login(UserFactory(email="ana@example.org"))
    client.post(apply_url(call), START)
    assert Application.objects.get().status == "unconfirmed"
    assert timezone.now()


def test_starting_is_rate_limited_by_the_email_typed(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "program_apply": "2/h/key"}
    first, second = open_call(), open_call()
    assert client.post(apply_url(first), START).status_code == 200
    assert client.post(apply_url(second), START).status_code == 200
    refused = client.post(apply_url(first), {**START, "email": "ana@example.org"})
    assert refused.status_code == 429
    assert Application.objects.count() == 2
