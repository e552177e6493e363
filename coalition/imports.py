"""What every CSV import shares: reading the file, checking its columns, reporting problems by
line, and progress. Each app's importer (initiatives/imports.py, partners/imports.py) checks its
own rows and writes them all or none."""

import csv
import io
import logging
from collections.abc import Callable

from django.utils.translation import gettext as _

from coalition.models import Job
from coalition.services import job_claim, job_finish, job_progress

logger = logging.getLogger(__name__)

# How often the page's progress bar moves.
PROGRESS_EVERY = 500


def problem(line: int, message: str) -> dict:
    return {"line": line, "message": str(message)}


def rows_of(
    job: Job, *, required: set[str], optional: set[str] = frozenset()
) -> tuple[list[tuple[int, dict]], list[dict]]:
    """The file's rows with their line numbers, or the problems that stop it being read."""
    reader = csv.DictReader(io.StringIO(job.payload))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = sorted(required - set(header))
    if missing:
        return [], [
            problem(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        ]
    unknown = sorted(set(header) - required - set(optional))
    if unknown:
        return [], [
            problem(1, _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        ]
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if None in row:
                return [], [problem(reader.line_num, _("This row has more cells than columns."))]
            values = {key: (value or "").strip() for key, value in row.items()}
            if any(values.values()):
                rows.append((reader.line_num, values))
    except csv.Error as error:
        return [], [
            problem(reader.line_num, _("The file is not valid CSV: %(error)s") % {"error": error})
        ]
    if not rows:
        return [], [problem(2, _("The file has no rows under its header."))]
    return rows, []


def too_long(row: dict, model, columns: list[str]) -> list[str]:
    """A problem for each of the row's cells longer than its model field allows, naming the
    column: better than a database error for the whole file, or a value cut without a word."""
    problems = []
    for column in columns:
        limit = model._meta.get_field(column).max_length
        value = row.get(column, "")
        if limit and len(value) > limit:
            problems.append(
                _("The %(column)s is %(length)s characters long; at most %(limit)s fit.")
                % {"column": column, "length": len(value), "limit": limit}
            )
    return problems


def check_all(
    job: Job, rows: list[tuple[int, dict]], check: Callable[[int, dict], list[str]]
) -> list[dict]:
    """Run `check` on every row (it returns the row's problems), moving the progress bar."""
    job_progress(job=job, done=0, total=len(rows))
    problems = []
    for done, (line, row) in enumerate(rows, start=1):
        problems.extend(problem(line, message) for message in check(line, row))
        if done % PROGRESS_EVERY == 0:
            job_progress(job=job, done=done)
    job_progress(job=job, done=len(rows))
    return problems


def run(job_id: int, importer) -> str | None:
    """Claim the job and run the importer once; a job already taken or done is left alone.
    Returns the job's final status."""
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    try:
        job = importer(job=job)
    except Exception:
        logger.exception("import job %s failed", job_id)
        job = job_finish(
            job=job,
            errors=[problem(0, _("Something went wrong on our side; nothing was changed."))],
        )
    return job.status
