"""Thin Celery wrappers: they take ids and call a service."""

from coalition.imports import run as run_import
from coalition.jobs import job_task
from partners.imports import organizations_import


@job_task
def import_organizations(job_id: int) -> str | None:
    return run_import(job_id, organizations_import)
