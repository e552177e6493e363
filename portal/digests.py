"""The weekly digest to each community's followers: what changed there last week.

For each confirmed follow, the new sessions published in its community (if chosen) and the new
public progress updates on objectives that answer a theme heard at a session there (if chosen):
"you said, we did". Sent only when there is something to tell, through the outbox, in the
follower's language, with a one-click unsubscribe link (coalition.emails). The week is the
last whole week (Monday to Monday, Massachusetts time), and each message's dedupe key names it,
so running it twice in a week sends each digest once.

Composed on the top floor because it reads events and initiatives together; every read is
batched, so the number of queries does not grow with the number of follows.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation

from coalition.emails import list_unsubscribe_headers
from coalition.models import AuditLog
from coalition.services import email_queue_batch
from communities.models import Follow
from communities.services import follow_urls
from events.models import Event, Theme
from initiatives.models import ProgressUpdate


@dataclass(frozen=True)
class DigestWeek:
    start: dt.datetime
    end: dt.datetime
    label: str  # "2026-W48": the ISO week told about


@dataclass
class Answer:
    """A public update on an objective, with the themes heard in the community it answers."""

    update: ProgressUpdate
    themes: list = field(default_factory=list)


def digest_week(now: dt.datetime | None = None) -> DigestWeek:
    """The last whole week before `now`: Monday 00:00 to Monday 00:00, Massachusetts time."""
    today = timezone.localtime(now or timezone.now()).date()
    monday = today - dt.timedelta(days=today.weekday())
    end = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    start = timezone.make_aware(dt.datetime.combine(monday - dt.timedelta(days=7), dt.time.min))
    year, week, _day = start.date().isocalendar()
    return DigestWeek(start=start, end=end, label=f"{year}-W{week:02d}")


def sessions_published_between(start, end, *, now):
    """Upcoming published events published between start and end: made so then (the audit
    log's "event.published"), or created already published then. One query when read."""
    published = (
        AuditLog.objects.filter(
            action="event.published",
            content_type__app_label="events",
            content_type__model="event",
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(event_id=Cast("object_id", BigIntegerField()))
        .values("event_id")
    )
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=now)
        .filter(Q(created_at__gte=start, created_at__lt=end) | Q(pk__in=published))
        .order_by("starts_at", "id")
    )


def follow_message(follow: Follow, context: dict, *, template: str, dedupe_key: str) -> dict:
    """One follower's email for email_queue_batch, rendered in their language, with the
    one-click unsubscribe headers."""
    with translation.override(follow.language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    return {
        "to": [follow.email],
        "subject": subject.strip(),
        "body": body,
        "headers": list_unsubscribe_headers(context["unsubscribe_url"]),
        "dedupe_key": dedupe_key,
    }


def new_sessions(*, community_ids, week: DigestWeek, now) -> dict[int, list[Event]]:
    """Upcoming published events in each community, published during the week. One query."""
    events = sessions_published_between(week.start, week.end, now=now).filter(
        community_id__in=community_ids
    )
    found = defaultdict(list)
    for event in events:
        found[event.community_id].append(event)
    return found


def new_answers(*, community_ids, week: DigestWeek) -> dict[int, list[Answer]]:
    """The week's public, standing updates on objectives that answer a published theme heard
    in each community, with those themes. Two queries."""
    heard_here = Theme.objects.published().filter(report__event__community_id__in=community_ids)
    updates = list(
        ProgressUpdate.objects.standing()
        .filter(
            visibility=ProgressUpdate.Visibility.PUBLIC,
            created_at__gte=week.start,
            created_at__lt=week.end,
            objective__themes__in=heard_here,
        )
        .select_related("objective")
        .distinct()
        .order_by("created_at", "id")
    )
    if not updates:
        return {}
    links = (
        Theme.objectives.through.objects.filter(
            objective_id__in={u.objective_id for u in updates}, theme__in=heard_here
        )
        .select_related("theme__report__event")
        .order_by("theme__report__event__starts_at", "theme__position", "theme_id")
    )
    heard = defaultdict(lambda: defaultdict(list))  # community -> objective -> themes
    for link in links:
        heard[link.theme.report.event.community_id][link.objective_id].append(link.theme)
    found = defaultdict(list)
    for community_id, by_objective in heard.items():
        for update in updates:
            if update.objective_id in by_objective:
                found[community_id].append(Answer(update, by_objective[update.objective_id]))
    return found


def follow_digests_send(*, now: dt.datetime | None = None) -> int:
    """Queue the week's digest to every confirmed follow whose community had something new in
    what it chose. Returns how many were queued now (none on a second run in the same week)."""
    now = now or timezone.now()
    week = digest_week(now)
    follows = list(
        Follow.objects.confirmed().of_communities().select_related("community").order_by("id")
    )
    community_ids = {follow.community_id for follow in follows}
    if not community_ids:
        return 0
    sessions = new_sessions(community_ids=community_ids, week=week, now=now)
    answers = new_answers(community_ids=community_ids, week=week)
    prefix = f"follow-digest:{week.label}:"
    messages = []
    for follow in follows:
        context = {
            "follow": follow,
            "community": follow.community,
            "week": week,
            "sessions": sessions.get(follow.community_id, []) if follow.new_sessions else [],
            "answers": answers.get(follow.community_id, []) if follow.answers else [],
            "site_url": settings.SITE_URL,
            **follow_urls(follow),
        }
        if not (context["sessions"] or context["answers"]):
            continue
        messages.append(
            follow_message(
                follow,
                context,
                template="portal/email/follow_digest",
                dedupe_key=f"{prefix}{follow.pk}",
            )
        )
    return email_queue_batch(messages=messages, dedupe_prefix=prefix)
