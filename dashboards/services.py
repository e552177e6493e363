"""Writes of the dashboard: a large export prepared in the background, and the audit row of
every export."""

import datetime as dt
import hashlib
import json
import logging
from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition import versions
from coalition.cache import shared_cache_away
from coalition.imports import problem
from coalition.models import Job
from coalition.services import audit_log, job_claim, job_create, job_finish, job_progress
from dashboards.exports import export_lines, export_table
from dashboards.filters import DashboardFilter
from dashboards.models import DashboardSnapshot
from dashboards.panels import TABLES, dashboard
from dashboards.panels.equity import equity
from dashboards.scope import Scope
from dashboards.selectors import dashboard_filter
from dashboards.snapshot import encode

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
        # The rows of the view's snapshot, counted again at its time from the same data.
        scope = Scope.of(filterset)
        snapshot = snapshot_current(scope=scope, params=QueryDict(payload["params"]))
        scope = replace(scope, now=snapshot.computed_at)
        table = export_table(payload["table"], scope)
        job_progress(job=job, done=0, total=table.total)
        lines, done = [], -1  # the first lines (as of, header) are not rows
        for line in export_lines(table, as_of=snapshot.computed_at):
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


# -- snapshots --

# What the panels read: a write to any of them makes every snapshot stale.
SCOPES = ("partners", "initiatives", "events", "programs")
# Query parameters of the view beyond the filters: the pages of the paged tables.
PAGES = ("updates", "indicators")


def snapshot_filters(*, scope: Scope, params) -> dict:
    """The view's filters (from its valid filter set: `Scope.of`) and pages, normalised: every
    one present (defaults explicit), slugs and ISO dates, pages as numbers; the same view gives
    the same dict however it was asked."""
    filters = {}
    for name in DashboardFilter.base_filters:
        value = getattr(scope, name)
        filters[name] = getattr(value, "slug", None) or (value.isoformat() if value else "")
    for name in PAGES:
        value = params.get(name, "")
        filters[name] = int(value) if value.isdigit() and int(value) > 0 else 1
    return dict(sorted(filters.items()))


def snapshot_key(filters: dict) -> str:
    return hashlib.sha256(json.dumps(filters, sort_keys=True).encode()).hexdigest()


def _computed(*, scope: Scope, filters: dict) -> tuple[dict, dict]:
    """The panels of the page, and the packet's own equity panel (every indicator), encoded."""
    page = dashboard(scope, indicator_page=filters["indicators"], updates_page=filters["updates"])
    indicators, _pages = equity(scope, page=1, per_page=None)
    packet_equity = next(panel for panel in page["panels"] if panel.slug == "indicators")
    packet_equity = replace(packet_equity, tables=[view.table for view in indicators], pages=None)
    return encode(page), encode({"equity": packet_equity, "indicators": indicators})


def _is_stale(snapshot: DashboardSnapshot, stamp: str, now) -> bool:
    """Computed from other data, on another day, or longer ago than the figures that move with
    the clock alone (an event starting, an objective falling due) may be trusted."""
    return (
        snapshot.stamp != stamp
        or timezone.localdate(snapshot.computed_at) != timezone.localdate(now)
        or now - snapshot.computed_at > dt.timedelta(seconds=settings.DASHBOARD_SNAPSHOT_MAX_AGE)
    )


def _compute_into(snapshot: DashboardSnapshot, *, scope: Scope, stamp: str) -> DashboardSnapshot:
    snapshot.stamp = stamp  # read before the rows (coalition.versions)
    snapshot.computed_at = scope.now
    snapshot.panels, snapshot.packet = _computed(scope=scope, filters=snapshot.filters)
    return snapshot


def _store(snapshot: DashboardSnapshot) -> DashboardSnapshot:
    """Insert or overwrite the (key, language) row; two requests computing the first view of
    a filter set at once both succeed, the later one's figures kept."""
    stored, _created = DashboardSnapshot.objects.update_or_create(
        key=snapshot.key,
        language=snapshot.language,
        defaults={
            name: getattr(snapshot, name)
            for name in ("filters", "panels", "packet", "stamp", "computed_at", "last_viewed_at")
        },
    )
    snapshot.pk = stored.pk
    return snapshot


def snapshot_for(
    *, scope: Scope, params, refresh: bool | None = None, with_panels: bool = True
) -> DashboardSnapshot:
    """The snapshot of the view (`scope`: its valid filters), in the active language.

    The first view of a filter set computes it on the request and stores it. A stale one is
    computed again on the request when `refresh` is true (default: the setting
    DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW, on when no worker runs the periodic refresh), else
    shown as it is, with its time, until the periodic task has refreshed it. While Redis is
    unreachable the versions cannot be trusted: the figures are computed live, not stored.
    Without `with_panels` a stored snapshot's panels are read only when first used (the page
    whose HTML is kept needs none of them: dashboards.fragments)."""
    if refresh is None:
        refresh = settings.DASHBOARD_SNAPSHOT_REFRESH_ON_VIEW
    filters = snapshot_filters(scope=scope, params=params)
    language = translation.get_language()
    key = snapshot_key(filters)
    now = timezone.now()
    scope = replace(scope, now=now)
    if shared_cache_away():
        fresh = DashboardSnapshot(key=key, language=language, filters=filters, last_viewed_at=now)
        return _compute_into(fresh, scope=scope, stamp="")
    stamp = versions.stamp(*SCOPES)
    if with_panels:
        snapshot = DashboardSnapshot.objects.defer("packet").filter(key=key, language=language)
        snapshot = snapshot.first()
    else:
        snapshot = _row_kept(key, language)
    if snapshot is None:
        snapshot = DashboardSnapshot(key=key, language=language, filters=filters)
        snapshot.last_viewed_at = now
        return _store(_compute_into(snapshot, scope=scope, stamp=stamp))
    if refresh and _is_stale(snapshot, stamp, now):
        snapshot.last_viewed_at = now
        return _store(_compute_into(snapshot, scope=scope, stamp=stamp))
    if now - snapshot.last_viewed_at > VIEWED_EVERY:
        # Kept while in use; written at most once an hour, not on every view.
        DashboardSnapshot.objects.filter(pk=snapshot.pk).update(last_viewed_at=now)
        cache.delete(_row_key(key, language))  # its kept copy has the time before
    return snapshot


def _row_key(key: str, language: str) -> str:
    return f"dashboard-row:{key}:{language}"


def _row_kept(key: str, language: str) -> DashboardSnapshot | None:
    """The view's row without its panels (read from the database if they are used): kept in
    the shared cache until any row is written (version "dashboard", dashboards.apps), so a
    view whose HTML is kept (dashboards.fragments) needs no query."""
    return versions.kept(
        _row_key(key, language),
        ("dashboard",),
        lambda: (
            DashboardSnapshot.objects.defer("packet", "panels")
            .filter(key=key, language=language)
            .first()
        ),
        timeout=int(VIEWED_EVERY.total_seconds()),
    )


# A view's time is written when the last one is older than this.
VIEWED_EVERY = dt.timedelta(hours=1)


def snapshot_current(*, scope: Scope, params) -> DashboardSnapshot:
    """The view's snapshot, computed again first if the data changed since: what a download
    (a CSV, the PDF) reads, so that the rows computed for it are those of the snapshot."""
    snapshot = snapshot_for(scope=scope, params=params)
    if snapshot.stamp and snapshot.stamp != versions.stamp(*SCOPES):
        return snapshot_for(scope=scope, params=params, refresh=True)
    return snapshot


def snapshot_refresh(*, user, scope: Scope, params, ip: str | None = None) -> DashboardSnapshot:
    """A lead asked for the view's figures now ("Refresh figures now"): computed again whatever
    its stamp, in the active language, and the request written to the audit log."""
    filters = snapshot_filters(scope=scope, params=params)
    key, language = snapshot_key(filters), translation.get_language()
    snapshot = (
        DashboardSnapshot.objects.defer("panels", "packet")
        .filter(key=key, language=language)
        .first()
    )
    snapshot = snapshot or DashboardSnapshot(key=key, language=language, filters=filters)
    stamp = versions.stamp(*SCOPES)
    scope = replace(scope, now=timezone.now())
    snapshot.last_viewed_at = scope.now
    _store(_compute_into(snapshot, scope=scope, stamp=stamp))
    audit_log(
        actor=user, action="dashboard.refreshed", target=user, data={"filters": filters}, ip=ip
    )
    return snapshot


def snapshots_refresh() -> dict:
    """Every snapshot viewed in the last DASHBOARD_SNAPSHOT_KEEP_DAYS days computed again if
    stale; the others deleted. The periodic task, every minute."""
    # One run at a time: a run longer than the minute between two is not doubled by the next.
    if not cache.add(REFRESH_LOCK, "1", timeout=settings.CELERY_TASK_TIME_LIMIT):
        return {"refreshed": 0, "deleted": 0}
    try:
        return _snapshots_refresh()
    finally:
        cache.delete(REFRESH_LOCK)


REFRESH_LOCK = "dashboard-snapshots-refreshing"


def _snapshots_refresh() -> dict:
    now = timezone.now()
    kept_since = now - dt.timedelta(days=settings.DASHBOARD_SNAPSHOT_KEEP_DAYS)
    deleted, _kinds = DashboardSnapshot.objects.filter(last_viewed_at__lt=kept_since).delete()
    refreshed = 0
    stamp = versions.stamp(*SCOPES)
    for snapshot in DashboardSnapshot.objects.defer("panels", "packet").order_by("-last_viewed_at"):
        if not _is_stale(snapshot, stamp, now):
            continue
        with translation.override(snapshot.language):
            filterset = dashboard_filter(params=QueryDict(urlencode(snapshot.filters)))
            if not filterset.is_valid():  # what it filtered on is gone
                snapshot.delete()
                deleted += 1
                continue
            scope = replace(Scope.of(filterset), now=timezone.now())
            _store(_compute_into(snapshot, scope=scope, stamp=versions.stamp(*SCOPES)))
            refreshed += 1
    return {"refreshed": refreshed, "deleted": deleted}
