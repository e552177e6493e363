"""Feedback after a session: asking the people who came, the day after, through their private
manage link, and taking their one answer.

Who came: the people checked in at the door. An organizer who took no check-in at all (an
online session, a door without a list) leaves no way to tell, so then everyone who held a
confirmed seat is asked, and the email says "if you took part". Never the waiting list or a
cancelled registration, never for a cancelled event, and never twice
(`Registration.feedback_invited_at`, set in the transaction that queues the email)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.services import email_queue
from events.models import FEEDBACK_NEEDS, Event, Feedback, Met, Registration


def feedback_url(registration: Registration) -> str:
    """The survey behind a registration's private link (absolute, for emails)."""
    return settings.SITE_URL + reverse(
        "events:feedback", kwargs={"token": registration.manage_token}
    )


def needs_asked(registration: Registration) -> list[str]:
    """The needs the person asked for (keys of FEEDBACK_NEEDS): only those are asked about."""
    asked = {
        "interpretation": bool(registration.interpretation_language),
        "childcare": registration.children_count > 0,
        "ride": registration.needs_transportation,
        "access": bool(registration.accessibility_needs),
    }
    return [need for need in FEEDBACK_NEEDS if asked[need]]


def _check_in_taken():
    """Whether anyone at the registration's event was checked in (a subquery)."""
    return Exists(Registration.objects.filter(event=OuterRef("event"), checked_in_at__isnull=False))


def feedback_closed_reason(registration: Registration, *, now: dt.datetime | None = None) -> str:
    """Why the person may not answer (a code), or "" when they may: they came (checked in, or
    held a confirmed seat at an event without check-in), and the event is over."""
    now = now or timezone.now()
    event = registration.event
    if event.status != Event.Status.PUBLISHED:
        return "event_cancelled"
    if registration.status != Registration.Status.CONFIRMED:
        return "not_confirmed"
    if event.ends_at > now:
        return "not_ended"
    if (
        registration.checked_in_at is None
        and event.registrations.filter(checked_in_at__isnull=False).exists()
    ):
        return "not_checked_in"
    return ""


CLOSED_MESSAGES = {
    "event_cancelled": lambda: _("This event was cancelled: there is nothing to tell us about."),
    "not_confirmed": lambda: _(
        "Only people who had a seat at the session can tell us how it went."
    ),
    "not_ended": lambda: _("The survey opens once the session is over. Please come back then."),
    "not_checked_in": lambda: _(
        "Only people who came to the session can tell us how it went. If you came, please "
        "tell the organizers."
    ),
}


class AlreadyAnswered(ValidationError):
    """The registration has its answer already; the first one stands."""

    def __init__(self):
        super().__init__(
            _("We already have your answer for this session, thank you. It cannot be sent twice."),
            code="already_answered",
        )


def feedback_create(
    *,
    registration: Registration,
    usefulness: int,
    met: dict[str, str],
    next_steps: str = "",
    language: str = "en",
) -> Feedback:
    """Store the one answer of a registration. `met` gives, for each need the person asked
    for, "yes", "partly" or "no"; a need they did not ask for is refused. Raises
    AlreadyAnswered on a second answer (the first is kept) and ValidationError while the survey
    is closed to them."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        closed = feedback_closed_reason(registration)
        if closed:
            raise ValidationError(CLOSED_MESSAGES[closed](), code=closed)
        if Feedback.objects.filter(registration=registration).exists():
            raise AlreadyAnswered()
        asked = needs_asked(registration)
        errors = {
            f"{need}_met": _("Please choose yes, partly or no.")
            for need in asked
            if met.get(need) not in Met.values
        }
        errors.update(
            {
                f"{need}_met": _("You did not ask for this at this session.")
                for need, answer in met.items()
                if answer and need not in asked
            }
        )
        if errors:
            raise ValidationError(errors)
        feedback = Feedback(
            registration=registration,
            event=registration.event,
            usefulness=usefulness,
            next_steps=next_steps.strip(),
            language=language,
            **{f"{need}_met": met[need] for need in asked},
        )
        feedback.full_clean(exclude=["registration", "event"], validate_constraints=False)
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError:
            # Two answers at the same moment: the one-to-one key keeps the first.
            raise AlreadyAnswered() from None
    return feedback


def feedback_invitation_queue(*, registration: Registration, now: dt.datetime) -> bool:
    """Mark the registration asked and queue its email, in one transaction; False (and nothing
    queued) when it was asked already."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk, feedback_invited_at__isnull=True
        ).update(feedback_invited_at=now)
        if not claimed:
            return False
        context = {
            "registration": registration,
            "event": registration.event,
            "feedback_url": feedback_url(registration),
            "event_url": settings.SITE_URL + registration.event.get_absolute_url(),
        }
        with translation.override(registration.language):
            subject = render_to_string("events/email/feedback_subject.txt", context).strip()
            body = render_to_string("events/email/feedback_message.txt", context)
        email_queue(
            to=[registration.email],
            subject=subject,
            body=body,
            dedupe_key=f"registration:{registration.pk}:feedback",
        )
    return True


def feedback_invitations_send(*, now: dt.datetime | None = None) -> int:
    """Ask the people who came to each session that ended before today (Massachusetts time)
    and at most FEEDBACK_INVITE_WITHIN_DAYS ago: run by the beat every morning, so a session
    is asked about the day after, and a day the beat missed is caught up. Returns how many
    emails were queued; a second run queues none."""
    now = now or timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time()))
    since = midnight - dt.timedelta(days=settings.FEEDBACK_INVITE_WITHIN_DAYS)
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PUBLISHED,
            event__ends_at__lt=midnight,
            event__ends_at__gte=since,
            feedback_invited_at__isnull=True,
            anonymized_at__isnull=True,
            feedback__isnull=True,
        )
        .annotate(check_in_taken=_check_in_taken())
        .filter(Q(checked_in_at__isnull=False) | Q(check_in_taken=False))
        .select_related("event")
        .order_by("event_id", "id")
    )
    return sum(feedback_invitation_queue(registration=r, now=now) for r in due)
