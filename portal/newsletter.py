"""The network newsletter: once a month, what is new across the network (stories published,
sessions published, resources added) to everyone subscribed to it (a `Follow` with no
community: communities.services.follow_create with `community=None`, the same double opt-in,
links and one-click unsubscribe as a community's follow).

The period is the last whole calendar month (Massachusetts time). Sent only when the month
brought something new, through the outbox, in each subscriber's language, each message with
the dedupe key `newsletter:<period>:<follow id>`, so it is sent once per subscriber and month
however often the task runs (the first Tuesday of each month: CELERY_BEAT_SCHEDULE).

Composed on the top floor because it reads stories, events and resources together; every read
is batched, so the number of queries does not grow with the number of subscribers.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from coalition.services import email_queue_batch
from communities.models import Follow
from communities.services import follow_urls
from events.models import Event
from portal.digests import follow_message, sessions_published_between
from resources.models import Resource
from resources.selectors import resources_added_between
from stories.selectors import stories_published_between


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime
    label: str  # "2026-11": the month told about


def newsletter_period(now: dt.datetime | None = None) -> Period:
    """The last whole calendar month before `now`, Massachusetts time."""
    today = timezone.localtime(now or timezone.now()).date()
    first = today.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(dt.datetime.combine(previous, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    return Period(start=start, end=end, label=f"{previous:%Y-%m}")


def new_sessions(*, period: Period, now) -> list[Event]:
    """Upcoming published events, published during the period. One query."""
    return list(sessions_published_between(period.start, period.end, now=now))


def new_resources(*, period: Period) -> list[Resource]:
    """Public resources added to the library during the period (never partners-only ones),
    oldest first. One query."""
    return list(resources_added_between(period.start, period.end))


def newsletter_send(*, now: dt.datetime | None = None) -> int:
    """Queue last month's newsletter to every confirmed subscriber, when the month brought
    something new. Returns how many were queued now (none on a second run in the month)."""
    now = now or timezone.now()
    period = newsletter_period(now)
    subscribers = list(Follow.objects.confirmed().newsletter().order_by("id"))
    if not subscribers:
        return 0
    stories = list(stories_published_between(period.start, period.end))
    sessions = new_sessions(period=period, now=now)
    resources = new_resources(period=period)
    if not (stories or sessions or resources):
        return 0
    prefix = f"newsletter:{period.label}:"
    messages = []
    for follow in subscribers:
        context = {
            "follow": follow,
            "period": period,
            "stories": stories,
            "sessions": sessions,
            "resources": resources,
            "site_url": settings.SITE_URL,
            **follow_urls(follow),
        }
        messages.append(
            follow_message(
                follow,
                context,
                template="portal/email/newsletter",
                dedupe_key=f"{prefix}{follow.pk}",
            )
        )
    return email_queue_batch(messages=messages, dedupe_prefix=prefix)
