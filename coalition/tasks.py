"""Thin Celery wrappers: they take ids and call a service."""

import smtplib

from celery import shared_task
from django.conf import settings

from coalition import services


@shared_task(bind=True, max_retries=6, acks_late=True)
def send_outbox_email(self, email_id: int) -> bool:
    try:
        return services.outbox_send(email_id=email_id)
    except (smtplib.SMTPException, OSError) as exc:
        # Backoff stays well under Redis's visibility timeout (one hour).
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 900)) from exc


@shared_task
def relay_outbox() -> int:
    return services.outbox_relay()


@shared_task
def purge_sent_outbox() -> int:
    return services.outbox_purge(older_than_days=settings.OUTBOX_RETENTION_DAYS)


@shared_task
def relay_jobs() -> int:
    return services.job_relay()


@shared_task
def purge_export_files() -> int:
    return services.job_files_purge(older_than_days=settings.EXPORT_RETENTION_DAYS)
