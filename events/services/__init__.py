"""Writes to events and registrations, one module per subject:

- `seats`: the event row lock, the seat counter, seats left, whether an event takes
  registrations, waiting list positions (reads the writes decide by);
- `emails`: the emails to registrants, each recorded in the outbox in the same transaction as
  the change that causes it;
- `registrations`: registering, needs, cancelling, the waiting list, check-in, anonymizing;
- `events`: the organizers' events: create, change, publish, cancel;
- `reports`: where next (suggestions) and what we heard (session reports);
- `texts`: the text-message reminder the day before, for those who asked for one.
- `feedback`: asking the people who came the day after a session, and their one answer.

Callers import from here (`from events import services`). Each module imports only those
listed before it.
"""

from events.services.emails import (
    manage_url,
    registrants_message,
    registration_email,
    registrations_notify,
    reminders_send,
)
from events.services.events import (
    NOTIFIED_FIELDS,
    event_cancel,
    event_create,
    event_publish,
    event_update,
    roster_export_logged,
)
from events.services.feedback import (
    CLOSED_MESSAGES,
    AlreadyAnswered,
    feedback_closed_reason,
    feedback_create,
    feedback_invitations_send,
    needs_asked,
)
from events.services.registrations import (
    AlreadyRegistered,
    registration_cancel,
    registration_check_in,
    registration_confirmation_queue,
    registration_confirmations_relay,
    registration_create,
    registration_send_link,
    registration_update_needs,
    registrations_anonymize,
    registrations_retention,
    waitlist_promote,
)
from events.services.reports import report_save, suggestion_create, suggestion_review
from events.services.seats import (
    ACTIVE,
    SeatsBusy,
    registration_is_open,
    registration_window_open,
    seats_left,
    seats_miscounted,
    seats_recount,
    waitlist_position,
)
from events.services.texts import (
    text_reminder_body,
    text_reminder_send,
    text_reminders_send,
)

__all__ = [
    "ACTIVE",
    "CLOSED_MESSAGES",
    "NOTIFIED_FIELDS",
    "AlreadyAnswered",
    "AlreadyRegistered",
    "SeatsBusy",
    "event_cancel",
    "event_create",
    "event_publish",
    "event_update",
    "feedback_closed_reason",
    "feedback_create",
    "feedback_invitations_send",
    "manage_url",
    "needs_asked",
    "registrants_message",
    "registration_cancel",
    "registration_check_in",
    "registration_confirmation_queue",
    "registration_confirmations_relay",
    "registration_create",
    "registration_email",
    "registration_is_open",
    "registration_send_link",
    "registration_update_needs",
    "registration_window_open",
    "registrations_anonymize",
    "registrations_notify",
    "registrations_retention",
    "reminders_send",
    "report_save",
    "roster_export_logged",
    "seats_left",
    "seats_miscounted",
    "seats_recount",
    "suggestion_create",
    "suggestion_review",
    "text_reminder_body",
    "text_reminder_send",
    "text_reminders_send",
    "waitlist_position",
    "waitlist_promote",
]
