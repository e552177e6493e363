"""Thin Celery wrappers: they take ids and call a service."""

from celery import shared_task

from portal import digests, newsletter


@shared_task
def send_follow_digests() -> int:
    """Monday morning: last week's news to each community's followers."""
    return digests.follow_digests_send()


@shared_task
def send_newsletter() -> int:
    """The first Tuesday of a month: last month's news to the newsletter's subscribers (a
    second run finds it sent: its dedupe keys name the month)."""
    return newsletter.newsletter_send()
