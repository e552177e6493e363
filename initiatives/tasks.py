"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from coalition.imports import run as run_import
from coalition.jobs import job_task
from initiatives import services
from initiatives.imports import measurements_import

# -- reporting cadence --


@shared_task
def send_weekly_reporting_emails() -> int:
    """Staff hear of their stale objectives; leads get the week's digest."""
    return services.stale_reminders_send() + services.weekly_digest_send()


# -- CSV imports --


@job_task
def import_measurements(job_id: int) -> str | None:
    return run_import(job_id, measurements_import)
