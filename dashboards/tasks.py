"""Thin Celery wrappers: they take ids and call the dashboard's services."""

from celery import shared_task

from coalition.jobs import job_task
from dashboards.services import export_run, snapshots_refresh


@job_task
def export_dashboard_table(job_id: int) -> bool:
    return export_run(job_id=job_id) is not None


@shared_task
def refresh_snapshots() -> dict:
    return snapshots_refresh()
