"""The text-message reminder the day before an event, to people who asked for one when they
registered (with a phone number): found by the reminder scan (`events.tasks.send_reminders`,
after the email reminders, which a failing text provider never holds up), sent once.

Sending follows the outbox's rule: claim (a conditional update, committed), send, record. A
failure clears the claim and counts the try, so the next scan tries again, at most
SMS_REMINDER_MAX_ATTEMPTS times and never once the event has started; a process killed between
the provider's answer and the record leaves the claim, and that text is not sent again."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coalition import sms
from events.calendar import title_of
from events.models import Event, Registration
from events.services.emails import manage_url

logger = logging.getLogger(__name__)


def text_reminder_body(registration: Registration) -> str:
    """The short message, in the registrant's language: the event, its time, the link."""
    event = registration.event
    with translation.override(registration.language):
        starts = timezone.localtime(event.starts_at)
        when = formats.date_format(starts, "DATE_FORMAT")
        if event.hours_stated:
            when = f"{when}, {formats.time_format(starts, 'TIME_FORMAT')}"
        return _("Reminder: %(title)s, %(when)s\nSee, change or cancel: %(link)s") % {
            "title": title_of(event),
            "when": when,
            "link": manage_url(registration),
        }


def text_reminders_due(*, now: dt.datetime):
    """Confirmed registrations that asked for a text, of published events starting within
    SMS_REMINDER_HOURS, registered before that mark, not sent, not being sent, with tries left."""
    mark = dt.timedelta(hours=settings.SMS_REMINDER_HOURS)
    return Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        text_reminder_consented_at__isnull=False,
        text_reminder_sent_at__isnull=True,
        text_reminder_sending_at__isnull=True,
        text_reminder_attempts__lt=settings.SMS_REMINDER_MAX_ATTEMPTS,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + mark,
        created_at__lt=F("event__starts_at") - mark,
    ).exclude(phone="")


def text_reminder_send(*, registration_id: int) -> bool:
    """Send one registration's text reminder, once. Call outside a transaction: the claim must
    be committed before the provider is asked. True when sent now."""
    now = timezone.now()
    claimed = Registration.objects.filter(
        pk=registration_id,
        status=Registration.Status.CONFIRMED,
        text_reminder_sent_at__isnull=True,
        text_reminder_sending_at__isnull=True,
    ).update(text_reminder_sending_at=now)
    if not claimed:
        return False
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    try:
        sms.send_text(to=registration.phone, body=text_reminder_body(registration))
    except Exception:
        # Logged without the number or the message; the next scan tries again.
        logger.warning("text reminder of registration %s not sent", registration_id, exc_info=True)
        Registration.objects.filter(pk=registration_id).update(
            text_reminder_sending_at=None, text_reminder_attempts=F("text_reminder_attempts") + 1
        )
        return False
    Registration.objects.filter(pk=registration_id).update(
        text_reminder_sent_at=timezone.now(), text_reminder_attempts=F("text_reminder_attempts") + 1
    )
    return True


def text_reminders_send(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Send the text reminders that are due (`text_reminders_due`), each once. Returns how many
    were sent."""
    now = now or timezone.now()
    ids = list(text_reminders_due(now=now).order_by("pk").values_list("pk", flat=True)[:limit])
    return sum(text_reminder_send(registration_id=pk) for pk in ids)
