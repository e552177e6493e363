"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task
from django.conf import settings

from coalition import services


# No retries of its own: a failed send records when to try again, and the periodic relay hands
# it over then (one mechanism, so no try is counted twice). A killed worker's task comes back
# (acks_late) and finds its row no longer pending.
@shared_task(soft_time_limit=settings.EMAIL_TIMEOUT * 6)
def send_outbox_email(email_id: int, attempt: int | None = None) -> bool:
    return services.outbox_send(email_id=email_id, attempt=attempt)


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
