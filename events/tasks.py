"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from events import services

# -- reminders and retention --


@shared_task
def send_reminders() -> int:
    return services.reminders_send()


@shared_task
def relay_registration_confirmations() -> int:
    return services.registration_confirmations_relay()


@shared_task
def anonymize_old_registrations() -> int:
    return services.registrations_retention()


@shared_task
def send_feedback_invitations() -> int:
    return services.feedback_invitations_send()


# -- organizers --
