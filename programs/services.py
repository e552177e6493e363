"""Every write of programs: applying (an address confirmed, a draft saved, submitted once,
withdrawn), reviewing (a score with its reason, a decision with its reason), and the cohort the
accepted people form, registered for its sessions. Each change has its audit row, and each
change of an application's state emails the applicant in their language, through the outbox."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.selectors import verified_addresses
from coalition.services import audit_log, email_queue
from events.models import Event, Registration
from events.services import registration_cancel, registration_create
from programs import selectors
from programs.models import (
    LONG_ANSWER,
    SHORT_ANSWER,
    WITHDRAWABLE,
    Application,
    Call,
    Cohort,
    Question,
    Review,
)

logger = logging.getLogger(__name__)

Status = Application.Status


class CallClosed(ValidationError):
    """The call does not take applications now (not open yet, or past its deadline)."""


class AlreadyApplied(ValidationError):
    """The address has an application to this call already; it was sent its link."""

    def __init__(self, application: Application):
        super().__init__(
            {
                "email": _(
                    "This email address has already applied to this call: one application "
                    "per person. We have sent it the link to that application."
                )
            },
            code="already_applied",
        )
        self.application = application


def call_closed_reason(call: Call, *, now=None) -> str:
    """Why the call takes no application now, or an empty string."""
    now = now or timezone.now()
    if now < call.opens_at:
        return _("This call is not open yet: applications are taken from its opening date.")
    if now >= call.deadline:
        return _("The deadline of this call has passed: applications are no longer taken.")
    return ""


def _refuse_when_closed(call: Call) -> None:
    reason = call_closed_reason(call)
    if reason:
        raise CallClosed(reason, code="call_closed")


def application_url(application: Application) -> str:
    return settings.SITE_URL + reverse("programs:application", kwargs={"token": application.token})


def application_email(*, application: Application, kind: str, dedupe_key: str | None = None):
    """Queue one of the emails about an application, in the applicant's language. `kind` names
    templates/programs/email/<kind>_subject.txt and _message.txt."""
    call = application.call
    context = {
        "application": application,
        "call": call,
        "program": call.program,
        "application_url": application_url(application),
    }
    with translation.override(application.language):
        subject = render_to_string(f"programs/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"programs/email/{kind}_message.txt", context)
    return email_queue(to=[application.email], subject=subject, body=body, dedupe_key=dedupe_key)


def _hour() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def application_start(
    *,
    call: Call,
    name: str,
    email: str,
    language: str,
    user=None,
    ip: str | None = None,
) -> tuple[Application, bool]:
    """Start an application to an open call. Returns it and whether the address is confirmed
    now: at once for a signed-in person applying with an address they verified, otherwise
    after the link emailed to it is followed (double opt-in). Raises CallClosed outside the
    call's dates and AlreadyApplied for an address that applied already (its link is sent to
    it, at most once an hour); nothing is stored then."""
    email = email.strip().lower()
    if user is not None and not user.is_authenticated:
        user = None
    _refuse_when_closed(call)
    existing = Application.objects.filter(call=call, email=email).first()
    if existing is not None:
        application_email(
            application=existing,
            kind="link",
            dedupe_key=f"application:{existing.pk}:link:{_hour()}",
        )
        raise AlreadyApplied(existing)
    verified = user is not None and email in {a.lower() for a in verified_addresses(user)}
    now = timezone.now()
    application = Application(
        call=call,
        name=name.strip(),
        email=email,
        language=language,
        user=user if verified else None,
        status=Status.DRAFT if verified else Status.UNCONFIRMED,
        confirmed_at=now if verified else None,
    )
    application.full_clean(exclude=["token", "call", "user"], validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:  # the same address at the same moment: theirs stands
            raise AlreadyApplied(Application.objects.get(call=call, email=email)) from None
        audit_log(actor=user, action="application.started", target=application, ip=ip)
        if not verified:
            application_email(
                application=application,
                kind="confirm",
                dedupe_key=f"application:{application.pk}:confirm",
            )
    return application, verified


@transaction.atomic
def application_confirm(*, application: Application, ip: str | None = None) -> Application:
    """The link in the email followed: the address is the applicant's, the draft is theirs to
    write. Twice changes nothing."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.UNCONFIRMED:
        return application
    application.status = Status.DRAFT
    application.confirmed_at = timezone.now()
    application.save(update_fields=["status", "confirmed_at", "updated_at"])
    audit_log(actor=None, action="application.confirmed", target=application, ip=ip)
    return application


def clean_answers(*, questions: list[Question], answers: dict, submit: bool) -> dict:
    """The answers as stored (by question id, as text), checked against the questions: a
    choice among its options, a text within its length; every required question answered
    when the application is submitted. Raises a ValidationError naming each question's field
    (`q<id>`)."""
    errors, cleaned = {}, {}
    for question in questions:
        key = f"q{question.pk}"
        value = (answers.get(key) or "").strip()
        if not value:
            if submit and question.required:
                errors[key] = _("Please answer this question before you submit.")
            continue
        if question.kind == Question.Kind.CHOICE and value not in question.stored_options():
            errors[key] = _("Choose one of the options given.")
            continue
        limit = LONG_ANSWER if question.kind == Question.Kind.LONG else SHORT_ANSWER
        if len(value) > limit:
            errors[key] = _("Please keep this answer to %(n)s characters.") % {"n": limit}
            continue
        cleaned[str(question.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def application_save(
    *,
    application: Application,
    answers: dict,
    submit: bool = False,
    actor=None,
    ip: str | None = None,
) -> Application:
    """Save the draft's answers (as often as the applicant likes), or submit it (once): then
    the applicant is emailed that it was received. After the deadline nothing is stored."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status != Status.DRAFT:
        raise ValidationError(
            _("This application was submitted already: it can no longer be changed."),
            code="not_a_draft",
        )
    _refuse_when_closed(application.call)
    cleaned = clean_answers(
        questions=selectors.questions_of(application.call), answers=answers, submit=submit
    )
    application.answers = cleaned
    fields = ["answers", "updated_at"]
    if submit:
        application.status = Status.SUBMITTED
        application.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    application.save(update_fields=fields)
    if submit:
        audit_log(actor=actor, action="application.submitted", target=application, ip=ip)
        application_email(
            application=application,
            kind="received",
            dedupe_key=f"application:{application.pk}:received",
        )
    else:
        audit_log(actor=actor, action="application.draft_saved", target=application, ip=ip)
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, actor=None, ip: str | None = None
) -> Application:
    """The applicant withdraws: before a decision, or to leave the cohort once accepted (their
    registrations for its sessions to come are cancelled, freeing the seats)."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status not in WITHDRAWABLE:
        raise ValidationError(
            _("This application can no longer be withdrawn."), code="not_withdrawable"
        )
    was_accepted = application.status == Status.ACCEPTED
    application.status = Status.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_log(
        actor=actor,
        action="application.withdrawn",
        target=application,
        data={"was_accepted": was_accepted},
        ip=ip,
    )
    if was_accepted:
        _cancel_sessions(application)
    if application.confirmed_at is not None:
        application_email(
            application=application,
            kind="withdrawn",
            dedupe_key=f"application:{application.pk}:withdrawn",
        )
    return application


# --- Reviewers -------------------------------------------------------------------------------


@transaction.atomic
def review_create(
    *, application: Application, reviewer, score: int, reason: str, ip: str | None = None
) -> Review:
    """A reviewer's score, 1 to 5, with its reason. Every score is kept."""
    review = Review(application=application, reviewer=reviewer, score=score, reason=reason.strip())
    review.full_clean()
    review.save()
    audit_log(
        actor=reviewer,
        action="application.reviewed",
        target=application,
        data={"score": score},
        ip=ip,
    )
    return review


DECISION_EMAILS = {
    Status.ACCEPTED: "accepted",
    Status.DECLINED: "declined",
    Status.WAITLISTED: "waitlisted",
}


@transaction.atomic
def application_decide(
    *, application: Application, actor, decision: str, reason: str, ip: str | None = None
) -> Application:
    """Accept, decline or put on the waiting list a submitted application (or one waiting),
    with the reason. An accepted person joins the call's cohort and is registered for its
    sessions to come. The applicant is emailed the decision in their language."""
    if decision not in DECISION_EMAILS:
        raise ValidationError({"decision": _("Choose accept, decline or waiting list.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for the decision.")})
    application = (
        Application.objects.select_for_update()
        .select_related("call", "call__program")
        .get(pk=application.pk)
    )
    if application.status not in (Status.SUBMITTED, Status.WAITLISTED):
        raise ValidationError(
            _("Only a submitted application, or one on the waiting list, can be decided."),
            code="not_decidable",
        )
    application.status = decision
    application.decision_reason = reason
    application.decided_at = timezone.now()
    application.full_clean(exclude=["token"], validate_constraints=False)
    application.save(update_fields=["status", "decision_reason", "decided_at", "updated_at"])
    audit_log(
        actor=actor,
        action=f"application.{decision}",
        target=application,
        data={"reason": reason},
        ip=ip,
    )
    if decision == Status.ACCEPTED:
        cohort = cohort_for(call=application.call)
        for event in cohort.sessions.all():
            _register(application, event)
    application_email(
        application=application,
        kind=DECISION_EMAILS[decision],
        dedupe_key=f"application:{application.pk}:{decision}:{application.decided_at:%Y%m%d%H%M%S}",
    )
    return application


# --- Cohorts ---------------------------------------------------------------------------------


@transaction.atomic
def cohort_for(*, call: Call) -> Cohort:
    """The cohort of the call's accepted people, made with the first acceptance."""
    cohort = Cohort.objects.filter(call=call).first()
    if cohort is None:
        program = call.program
        cohort = Cohort(
            program=program,
            call=call,
            name=call.title,
            name_en=call.title_en or call.title,
            name_es=call.title_es or "",
            is_example=call.is_example,
        )
        cohort.full_clean(validate_constraints=False)
        cohort.save()
    return cohort


def _register(application: Application, event: Event) -> Registration | None:
    """Register an accepted person for a session of their cohort; one whose registration is
    closed (over, cancelled) or who registered already is left as it is."""
    if event.ends_at <= timezone.now():
        return None
    try:
        with transaction.atomic():
            return registration_create(
                event=event,
                name=application.name,
                email=application.email,
                language=application.language,
                user=application.user,
            )
    except ValidationError as error:
        logger.info("application %s not registered for %s: %s", application.pk, event.pk, error)
        return None


def _cancel_sessions(application: Application) -> None:
    upcoming = Registration.objects.filter(
        event__cohorts__call_id=application.call_id,
        event__starts_at__gt=timezone.now(),
        email__iexact=application.email,
    ).exclude(status=Registration.Status.CANCELLED)
    for registration in upcoming:
        registration_cancel(registration=registration, actor=None)


@transaction.atomic
def cohort_session_add(*, cohort: Cohort, event: Event, actor, ip: str | None = None) -> int:
    """A session (an event) of the cohort: every accepted member is registered for it.
    Returns how many were registered now."""
    cohort.sessions.add(event)
    audit_log(
        actor=actor,
        action="cohort.session_added",
        target=cohort,
        data={"event": event.pk},
        ip=ip,
    )
    accepted = Application.objects.filter(call_id=cohort.call_id, status=Status.ACCEPTED)
    return sum(1 for application in accepted if _register(application, event) is not None)


def certificate_refusal(application: Application) -> str:
    """Why the participation certificate is not available yet, or an empty string."""
    if application.status != Status.ACCEPTED:
        return _("A certificate is issued only to accepted participants of a program.")
    attended = selectors.sessions_attended(application)
    needed = application.call.program.attendance_threshold
    if attended < needed:
        return _(
            "Your certificate is available once you have attended %(needed)s sessions: you "
            "have attended %(attended)s so far."
        ) % {"needed": needed, "attended": attended}
    return ""


def applications_forget(*, user) -> int:
    """A deleted account's applications lose their tie to it (they stay with the call, under
    the address they were sent with, for the program's records)."""
    return Application.objects.filter(user=user).update(user=None)
