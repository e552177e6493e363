"""The weekly digest to a community's followers: what changed there last week (new sessions,
answers to what was heard), only when something did, in the follower's language, with the
one-click unsubscribe headers, once per follow and week, in a fixed number of queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import OutboxEmail
from communities.models import Follow
from events import services as events_services
from events.models import Event
from initiatives.models import ProgressUpdate
from portal.digests import digest_week, follow_digests_send
from tests.communities.helpers import FollowFactory
from tests.factories import (
    EventFactory,
    ObjectiveFactory,
    SessionReportFactory,
    ThemeFactory,
    UserFactory,
    community_named,
    progress_update,
)

pytestmark = pytest.mark.django_db

BOSTON = ZoneInfo("America/New_York")
# The digest runs on Monday 30 November 2026 and tells of the week of 23 November.
RUN = dt.datetime(2026, 11, 30, 9, 0, tzinfo=BOSTON)
IN_THE_WEEK = dt.datetime(2026, 11, 25, 12, 0, tzinfo=BOSTON)
BEFORE_THE_WEEK = dt.datetime(2026, 11, 20, 12, 0, tzinfo=BOSTON)


def at(moment):
    return time_machine.travel(moment, tick=False)


def heard_in(city, *, objective, title_en="Safe routes to school", title_es="Rutas seguras"):
    """A theme heard at a past session in `city`, published, answered by `objective`."""
    with at(BEFORE_THE_WEEK):
        session = EventFactory(
            city=city,
            title_en=f"{city} listening session",
            title_es=f"Sesión para escuchar a la comunidad de {city}",
            starts_at=BEFORE_THE_WEEK - dt.timedelta(days=10),
            ends_at=BEFORE_THE_WEEK - dt.timedelta(days=10, hours=-2),
        )
        report = SessionReportFactory(event=session)
    theme = ThemeFactory(report=report, title_en=title_en, title_es=title_es)
    theme.objectives.add(objective)
    return theme


def new_session(city, *, when=IN_THE_WEEK, **fields):
    with at(when):
        return EventFactory(
            city=city,
            title_en=f"Family session in {city}",
            title_es=f"Sesión para familias en {city}",
            starts_at=RUN + dt.timedelta(days=10),
            ends_at=RUN + dt.timedelta(days=10, hours=2),
            **fields,
        )


def run(django_capture_on_commit_callbacks):
    with at(RUN), django_capture_on_commit_callbacks(execute=True):
        return follow_digests_send()


@pytest.fixture
def objective():
    return ObjectiveFactory(title_en="More crossing guards", title_es="Más guardias de cruce")


def test_the_week_told_is_the_last_whole_week_in_massachusetts():
    week = digest_week(RUN)
    assert week.label == "2026-W48"
    assert week.start == dt.datetime(2026, 11, 23, tzinfo=BOSTON)
    assert week.end == dt.datetime(2026, 11, 30, tzinfo=BOSTON)
    # Sunday night in Boston is Monday in UTC: still the week before.
    assert digest_week(dt.datetime(2026, 11, 29, 23, 30, tzinfo=BOSTON)).label == "2026-W47"


def test_a_spanish_follower_hears_of_new_sessions_and_answers_in_spanish(
    objective, django_capture_on_commit_callbacks
):
    lynn = community_named("Lynn")
    follow = FollowFactory(community=lynn, email="rosa@example.org", name="Rosa", language="es")
    heard_in("Lynn", objective=objective)
    session = new_session("Lynn")
    progress_update(objective, at=IN_THE_WEEK, narrative="Two new crossing guards on Union St.")

    assert run(django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"]
    assert "Lynn" in message.subject
    body = message.body
    assert "Sesión para familias en Lynn" in body
    assert f"{settings.SITE_URL}{session.get_absolute_url()}" in body
    assert "Rutas seguras" in body  # the theme, in Spanish
    assert "Sesión para escuchar a la comunidad de Lynn" in body  # where it was heard
    assert "Más guardias de cruce" in body  # the objective that answers it
    assert "Two new crossing guards on Union St." in body  # the update, as written
    assert "Hola, Rosa:" in body
    unsubscribe = f"{settings.SITE_URL}/follows/unsubscribe/{follow.token}/"
    assert unsubscribe in body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [email] = OutboxEmail.objects.all()
    assert email.dedupe_key == f"follow-digest:2026-W48:{follow.pk}"


def test_running_twice_in_a_week_sends_once(objective, django_capture_on_commit_callbacks):
    FollowFactory(community=community_named("Lynn"))
    new_session("Lynn")
    assert run(django_capture_on_commit_callbacks) == 1
    assert run(django_capture_on_commit_callbacks) == 0
    with at(RUN + dt.timedelta(days=2)):
        assert follow_digests_send() == 0
    assert len(mail.outbox) == 1


def test_nothing_new_sends_nothing(objective, django_capture_on_commit_callbacks):
    lynn = community_named("Lynn")
    FollowFactory(community=lynn)
    heard_in("Lynn", objective=objective)
    # Before the week, partners only, withdrawn, or about another place: not news here.
    progress_update(objective, at=BEFORE_THE_WEEK)
    progress_update(objective, at=IN_THE_WEEK, visibility=ProgressUpdate.Visibility.PARTNERS)
    withdrawn = progress_update(objective, at=IN_THE_WEEK)
    ProgressUpdate.objects.filter(pk=withdrawn.pk).update(withdrawn_at=IN_THE_WEEK)
    progress_update(ObjectiveFactory(), at=IN_THE_WEEK)
    new_session("Lynn", when=BEFORE_THE_WEEK)
    new_session("Lynn", status=Event.Status.DRAFT)
    new_session("Holyoke")
    with at(IN_THE_WEEK):
        EventFactory(city="Lynn", starts_at=IN_THE_WEEK - dt.timedelta(days=1), ends_at=IN_THE_WEEK)
    assert run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_draft_published_during_the_week_is_new(django_capture_on_commit_callbacks):
    FollowFactory(community=community_named("Lynn"))
    draft = new_session("Lynn", when=BEFORE_THE_WEEK, status=Event.Status.DRAFT)
    with at(IN_THE_WEEK):
        events_services.event_publish(actor=UserFactory(is_coalition_lead=True), event=draft)
    assert run(django_capture_on_commit_callbacks) == 1
    assert "Family session in Lynn" in mail.outbox[0].body


def test_each_follower_hears_only_what_they_chose(objective, django_capture_on_commit_callbacks):
    lynn = community_named("Lynn")
    sessions_only = FollowFactory(community=lynn, new_sessions=True, answers=False)
    answers_only = FollowFactory(community=lynn, new_sessions=False, answers=True)
    heard_in("Lynn", objective=objective)
    progress_update(objective, at=IN_THE_WEEK)
    assert run(django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == [answers_only.email]
    assert sessions_only.email not in {m.to[0] for m in mail.outbox}


def test_unconfirmed_and_unsubscribed_follows_get_nothing(django_capture_on_commit_callbacks):
    lynn = community_named("Lynn")
    FollowFactory(community=lynn, confirmed_at=None)
    gone = FollowFactory(community=lynn)
    Follow.objects.filter(pk=gone.pk).update(unsubscribed_at=IN_THE_WEEK)
    new_session("Lynn")
    assert run(django_capture_on_commit_callbacks) == 0


def test_the_digest_runs_the_same_queries_for_3_and_30_follows(objective):
    towns = ["Lynn", "Holyoke", "Springfield"]
    for town in towns:
        heard_in(town, objective=objective)
        new_session(town)
    progress_update(objective, at=IN_THE_WEEK)

    def count(follows_per_town):
        for town in towns:
            for _ in range(follows_per_town):
                FollowFactory(community=community_named(town))
        OutboxEmail.objects.all().delete()
        with at(RUN), CaptureQueriesContext(connection) as queries:
            sent = follow_digests_send()
        assert sent == Follow.objects.count()
        return len(queries.captured_queries)

    small = count(1)
    assert count(9) == small


def test_the_task_is_scheduled_weekly():
    entry = settings.CELERY_BEAT_SCHEDULE["community-follow-digests"]
    assert entry["task"] == "portal.tasks.send_follow_digests"
    from portal.tasks import send_follow_digests

    assert send_follow_digests.name == "portal.tasks.send_follow_digests"
