"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from coalition.imports import run as run_import
from partners.imports import organizations_import


@shared_task(acks_late=True)
def import_organizations(job_id: int) -> str | None:
    return run_import(job_id, organizations_import)
