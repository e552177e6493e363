"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from initiatives import services

# -- reporting cadence --


@shared_task
def send_weekly_reporting_emails() -> int:
    """Staff hear of their stale objectives; leads get the week's digest."""
    return services.stale_reminders_send() + services.weekly_digest_send()


# -- CSV imports --
