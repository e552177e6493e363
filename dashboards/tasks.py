"""Thin Celery wrappers: they take ids and call the dashboard's services."""

from coalition.jobs import job_task
from dashboards.services import export_run


@job_task
def export_dashboard_table(job_id: int) -> bool:
    return export_run(job_id=job_id) is not None
