"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from communities import services


@shared_task
def purge_unconfirmed_follows() -> int:
    return services.follows_purge_unconfirmed()
