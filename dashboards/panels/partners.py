"""The partners panel: organizations by sector, how engaged each is, and those waiting for
approval."""

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalition import charts
from coalition.translation import in_language, localized
from dashboards.scope import Scope
from dashboards.tables import (
    LIST_ROWS,
    Link,
    Source,
    Table,
    columns_of,
    first_rows,
    source_column,
)
from events.models import Event
from initiatives.models import DemonstrationSite, InitiativePartner, Objective, ProgressUpdate
from initiatives.selectors import SubqueryCount
from partners.models import Membership, Organization, Sector

ENGAGEMENT_DAYS = 90


def _organizations(scope: Scope, organizations=None):
    """Approved organizations in view: partners of the initiative, at the site (leading it,
    hosting an event or owning an objective there), or the one chosen."""
    if organizations is None:
        organizations = Organization.objects.filter(approved=True)
    if scope.organization:
        organizations = organizations.filter(pk=scope.organization.pk)
    if scope.initiative:
        organizations = organizations.filter(
            Exists(
                InitiativePartner.objects.filter(
                    scope.q(initiative="initiative"), organization=OuterRef("pk")
                )
            )
        )
    if scope.site:
        organizations = organizations.filter(
            Exists(
                DemonstrationSite.objects.filter(pk=scope.site.pk, lead_organization=OuterRef("pk"))
            )
            | Exists(Event.objects.filter(site=scope.site, hosts=OuterRef("pk")))
            | Exists(Objective.objects.filter(site=scope.site, owners=OuterRef("pk")))
        )
    return organizations


def _directory(scope: Scope) -> Source:
    return Source(_("The partner directory"), scope.today)


def _dates_not_applied() -> str:
    return _(
        "The date range does not apply: this is the network as it stands today "
        "(organizations keep no history of when they joined)."
    )


def organizations_by_sector(scope: Scope, limit=None) -> Table:
    counts = _organizations(scope).values("sector").annotate(n=Count("pk")).order_by("-n", "sector")
    labels = dict(Sector.choices)
    rows = [
        [str(labels.get(row["sector"], row["sector"])), row["n"], _directory(scope)]
        for row in counts
    ]
    table = Table(
        name="organizations-by-sector",
        caption=_("Partner organizations by sector"),
        columns=[*columns_of(_("Sector"), _("Organizations"), numeric={1}), source_column()],
        rows=rows,
        total=len(rows),
        chart=charts.bar_chart([(label, n, str(n), False) for label, n, _s in rows]),
        chart_title=_("Partner organizations by sector"),
        not_applied=_dates_not_applied() if scope.since or scope.until else "",
    )
    table.chart_description = "; ".join(f"{label}: {n}" for label, n, _s in rows)
    return table


def _engagement_window(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    return (
        scope.start or scope.as_of - dt.timedelta(days=ENGAGEMENT_DAYS),
        scope.end or scope.now,
    )


def active_organizations(scope: Scope):
    """Organizations in view with a standing update or a hosted event in the window."""
    updates, events = activity(scope)
    return _organizations(scope).filter(Exists(updates) | Exists(events))


def activity(scope: Scope):
    """An organization's progress updates and hosted events in the window, correlated to the
    organization of the outer query."""
    start, end = _engagement_window(scope)
    updates = ProgressUpdate.objects.standing().filter(
        scope.q(initiative="objective__initiative", site="objective__site"),
        organization=OuterRef("pk"),
        created_at__gte=start,
        created_at__lt=end,
    )
    # Events held in the window, and those planned after it unless the range has an end;
    # counted from the hosts table, whose index on the organization leads.
    events = Event.hosts.through.objects.filter(
        scope.q(initiative="event__initiative", site="event__site"),
        organization_id=OuterRef("pk"),
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
    )
    if scope.until:
        events = events.filter(event__starts_at__lt=end)
    return updates.order_by().values("pk"), events.order_by().values("pk")


def _window_words(scope: Scope) -> str:
    if scope.since or scope.until:
        start, end = _engagement_window(scope)
        return _("from %(start)s to %(end)s") % {
            "start": formats.date_format(timezone.localdate(start)),
            "end": formats.date_format(timezone.localdate(end - dt.timedelta(seconds=1))),
        }
    return _("in the last %(days)s days") % {"days": ENGAGEMENT_DAYS}


def engagement(scope: Scope, limit=LIST_ROWS) -> Table:
    updates, events = activity(scope)
    organizations = (
        active_organizations(scope)
        .annotate(
            updates_count=SubqueryCount(updates),
            events_count=SubqueryCount(events),
            activity=F("updates_count") + F("events_count"),
            examples=Exists(updates.filter(is_example=True))
            | Exists(events.filter(event__is_example=True)),
        )
        .order_by("-activity", in_language("name"))
    )
    source = _("Progress updates and events on the portal")
    as_of = timezone.localdate(_engagement_window(scope)[1] - dt.timedelta(microseconds=1))
    rows, total = first_rows(
        organizations,
        limit,
        lambda o: [
            Link(localized(o, "name"), o.get_absolute_url()),
            o.get_sector_display(),
            o.updates_count,
            o.events_count,
            Source(source, as_of, bool(o.examples)),
        ],
    )
    return Table(
        name="engagement",
        caption=_("Engagement by organization, %(window)s") % {"window": _window_words(scope)},
        columns=[
            *columns_of(
                _("Organization"),
                _("Sector"),
                _("Progress updates"),
                _("Events held or planned"),
                numeric={2, 3},
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
    )


def inactive_organizations(scope: Scope, limit=LIST_ROWS) -> Table:
    updates, events = activity(scope)
    organizations = (
        _organizations(scope)
        .filter(~Exists(updates), ~Exists(events))
        .order_by(in_language("name"))
    )
    rows, total = first_rows(
        organizations,
        limit,
        lambda o: [
            Link(localized(o, "name"), o.get_absolute_url()),
            o.get_sector_display(),
            o.city,
            _directory(scope),
        ],
    )
    return Table(
        name="inactive-organizations",
        caption=_("Organizations with no update or event %(window)s")
        % {"window": _window_words(scope)},
        columns=[*columns_of(_("Organization"), _("Sector"), _("City or town")), source_column()],
        rows=rows,
        total=total,
    )


def pending_organizations(scope: Scope, limit=LIST_ROWS) -> Table:
    """Applications to join the network (the filters do not apply: they are in no initiative
    yet)."""
    url = reverse("partners:applications")
    rows, total = first_rows(
        Organization.objects.awaiting_decision().order_by("created_at"),
        limit,
        lambda o: [Link(localized(o, "name"), url), o.get_sector_display(), o.created_at],
    )
    return Table(
        name="pending-organizations",
        caption=_("Organizations waiting for approval"),
        columns=columns_of(_("Organization"), _("Sector"), _("Applied")),
        rows=rows,
        total=total,
        not_applied=_(
            "The filters do not apply: organizations waiting for approval are in no "
            "initiative, site or range yet."
        )
        if scope.is_filtered
        else "",
    )


def pending_memberships(scope: Scope, limit=LIST_ROWS) -> Table:
    requests = (
        Membership.objects.filter(
            status=Membership.Status.REQUESTED,
            organization__in=_organizations(scope).values("pk"),
        )
        .select_related("user", "organization")
        .order_by("created_at", "pk")
    )
    rows, total = first_rows(
        requests,
        limit,
        lambda m: [
            str(m.user),
            Link(
                localized(m.organization, "name"),
                reverse("partners:staff", kwargs={"slug": m.organization.slug}),
            ),
            m.created_at,
        ],
    )
    return Table(
        name="pending-memberships",
        caption=_("Staff waiting for approval"),
        columns=columns_of(_("Person"), _("Organization"), _("Asked")),
        rows=rows,
        total=total,
        not_applied=_(
            "The date range does not apply: these requests are waiting today, whenever they "
            "were made."
        )
        if scope.since or scope.until
        else "",
    )
