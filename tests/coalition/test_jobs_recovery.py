"""A background job whose worker died is taken back: queued again, or failed after its tries,
never left "running" for ever."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.http import QueryDict

from coalition.models import Job
from coalition.services import job_claim, job_progress, job_relay
from dashboards.services import export_start
from tests.factories import UserFactory

NOON = datetime(2025, 3, 12, 16, 0, tzinfo=UTC)


def _started_export():
    """An export a worker claimed (running), as a worker killed mid-way leaves it."""
    lead = UserFactory(is_coalition_lead=True)
    with time_machine.travel(NOON, tick=False):
        job = export_start(user=lead, name="organizations-by-sector", params=QueryDict(""))
        assert job_claim(job_id=job.pk) is not None
    return job


def test_a_job_whose_worker_died_runs_again_after_the_timeout(db, settings):
    job = _started_export()
    stale_after = timedelta(seconds=settings.JOB_STALE_AFTER)
    with time_machine.travel(NOON + stale_after - timedelta(minutes=1), tick=False):
        job_relay()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # a live job may still be at work
    with time_machine.travel(NOON + stale_after + timedelta(minutes=1), tick=False):
        job_relay()  # tasks run inline here: the job is queued again and runs at once
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    as_of, *lines = job.output.splitlines()  # when the snapshot it read was computed
    assert as_of.startswith("Figures as of ")
    assert lines == ["Sector,Organizations,Source,As of,Example"]


def test_progress_keeps_a_long_job_alive(db, settings):
    job = _started_export()
    stale_after = timedelta(seconds=settings.JOB_STALE_AFTER)
    with time_machine.travel(NOON + stale_after - timedelta(minutes=1), tick=False):
        job_progress(job=job, done=10, total=100)
    with time_machine.travel(NOON + stale_after + timedelta(minutes=1), tick=False):
        job_relay()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_done) == (Job.Status.RUNNING, 1, 10)


def test_a_job_that_keeps_losing_its_worker_fails_with_a_message(db, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    job = _started_export()
    with time_machine.travel(NOON + timedelta(seconds=settings.JOB_STALE_AFTER + 60), tick=False):
        job_relay()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.finished_at is not None
    assert "stopped before it finished" in job.errors[0]["message"]
    assert job_claim(job_id=job.pk) is None  # a late redelivery of its task does nothing
