"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from events import services

# -- reminders and retention --


@shared_task
def send_reminders() -> int:
    """The email reminders, then the text reminders: a failing text provider never holds up
    an email (each text's failure is caught, and tried again by the next run)."""
    queued = services.reminders_send()
    services.text_reminders_send()
    return queued


@shared_task
def queue_registration_confirmation(registration_id: int) -> bool:
    return services.registration_confirmation_queue(registration_id=registration_id)


@shared_task
def relay_registration_confirmations() -> int:
    return services.registration_confirmations_relay()


@shared_task
def drain_registration_confirmations() -> int:
    return services.registration_confirmations_relay(pending_for=None)


@shared_task
def anonymize_old_registrations() -> int:
    return services.registrations_retention()


@shared_task
def send_feedback_invitations() -> int:
    return services.feedback_invitations_send()


# -- organizers --
