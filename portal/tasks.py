"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from portal import digests


@shared_task
def send_follow_digests() -> int:
    """Monday morning: last week's news to each community's followers."""
    return digests.follow_digests_send()
