"""What runs each kind of background job and where its page is, registered by the app that
offers the job (from its AppConfig.ready()), so the kernel names no app above it."""

from dataclasses import dataclass

from celery import shared_task
from django.conf import settings


@dataclass(frozen=True)
class JobKind:
    task: object  # the Celery task that runs it, called with the job's id
    page: str  # the URL name of its progress page, which takes the job's pk


_kinds: dict[str, JobKind] = {}


def job_task(function):
    """The task of a kind of job: late acknowledgement (a killed worker's job comes back) and
    time limits of its own, longer than other tasks' (JOB_TIME_LIMIT)."""
    return shared_task(
        acks_late=True,
        soft_time_limit=settings.JOB_TIME_LIMIT,
        time_limit=settings.JOB_TIME_LIMIT + 60,
    )(function)


def register(kind: str, *, task, page: str) -> None:
    _kinds[kind] = JobKind(task=task, page=page)


def kind_of(kind: str) -> JobKind:
    return _kinds[kind]
