"""What runs each kind of background job and where its page is, registered by the app that
offers the job (from its AppConfig.ready()), so the kernel names no app above it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    task: object  # the Celery task that runs it, called with the job's id
    page: str  # the URL name of its progress page, which takes the job's pk


_kinds: dict[str, JobKind] = {}


def register(kind: str, *, task, page: str) -> None:
    _kinds[kind] = JobKind(task=task, page=page)


def kind_of(kind: str) -> JobKind:
    return _kinds[kind]
