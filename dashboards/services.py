"""Writes of the dashboard: a large export prepared in the background, and the audit row of
every export."""

import json
import logging
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from coalition.imports import problem
from coalition.models import Job
from coalition.services import audit_log, job_claim, job_create, job_finish, job_progress
from dashboards.exports import export_lines, export_table
from dashboards.panels import TABLES
from dashboards.scope import Scope
from dashboards.selectors import dashboard_filter

logger = logging.getLogger(__name__)

# Rows written between two moves of the export page's progress bar.
PROGRESS_EVERY = 500


def export_logged(
    *, actor, target, name: str, rows: int, filters: str, ip: str | None = None
) -> None:
    """Who took which table, how many rows and with which filters, in the audit log."""
    audit_log(
        actor=actor,
        action="dashboard.exported",
        target=target,
        data={"table": name, "rows": rows, "filters": filters},
        ip=ip,
    )


def export_start(*, user, name: str, params: QueryDict) -> Job:
    """Prepare a large export in the background; its page shows the progress. The job, its
    audit row and the task queued once they are committed: coalition.services.job_create."""
    payload = {
        "table": name,
        "params": params.urlencode(),
        "language": translation.get_language(),
    }
    return job_create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        user=user,
        filename=f"{name}.csv",
        text=json.dumps(payload),
    )


def export_run(*, job_id: int) -> Job | None:
    """Write a queued export's CSV into its job, recording progress as it goes; None if the
    job was taken by another worker or already ran."""
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    try:
        return _export_write(job)
    except Exception:
        # Like an import: the job ends, saying so, rather than running for ever.
        logger.exception("export job %s failed", job_id)
        return job_finish(
            job=job,
            errors=[problem(0, _("Something went wrong on our side; the file was not made."))],
        )


def _export_write(job: Job) -> Job:
    payload = json.loads(job.payload)
    with translation.override(payload.get("language") or settings.LANGUAGE_CODE):
        filterset = dashboard_filter(params=QueryDict(payload["params"]))
        if payload["table"] not in TABLES or not filterset.is_valid():
            return job_finish(
                job=job, errors=[{"line": 0, "message": _("These filters are no longer valid.")}]
            )
        table = export_table(payload["table"], replace(Scope.of(filterset), now=job.created_at))
        job_progress(job=job, done=0, total=table.total)
        lines, done = [], -1  # the header is not a row
        for line in export_lines(table):
            lines.append(line)
            done += 1
            if done and done % PROGRESS_EVERY == 0:
                job_progress(job=job, done=done)
        job_progress(job=job, done=done)  # outside the transaction below, like the others
        # The file, who took it and the job's end together: never a finished job without its
        # file or its audit row.
        with transaction.atomic():
            job.output = "".join(lines)
            job.save(update_fields=["output"])
            export_logged(
                actor=job.created_by,
                target=job,
                name=payload["table"],
                rows=done,
                filters=payload["params"],
            )
            return job_finish(job=job, result={"rows": done})
