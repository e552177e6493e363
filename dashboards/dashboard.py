"""Reads behind the leads' dashboard, its CSV exports and board packet, and the organization
dashboard of partner staff.

Every figure is counted by the database, and a page runs the same number of queries whatever
the amount of data: lists come with their full count in the same query (a window count) and
show their first rows; the CSV export writes every row. Each panel's table is a `Table` that
the page, the packet and the export all draw from, so they cannot disagree.

Small-cell protection: a count of people from 1 to 4 is written "fewer than 5" everywhere,
together with anything it could be worked out from (a rate, or a total beside one hidden cell).
"""

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank, NullIf, TruncMonth
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition import charts, services
from coalition.models import Job
from coalition.spreadsheets import safe_cell
from dashboards.filters import DashboardFilter
from events.models import Event, LocationSuggestion, Registration, Theme
from events.selectors import interpreters_asked, needs_counts
from initiatives.charts import format_value
from initiatives.models import (
    DemonstrationSite,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    ProgressStatus,
    ProgressUpdate,
    StudentGroup,
)
from initiatives.selectors import SubqueryCount, label_status, objectives_with_status
from partners.models import Membership, Organization, Sector

SMALL = 5  # counts of people below this (and above zero) are not shown
LIST_ROWS = 10  # rows of a list shown on the page; the export has them all
INDICATORS_PER_PAGE = 4
PERIODS_SHOWN = 4
ENGAGEMENT_DAYS = 90


# -- cells --


class Fewer:
    """A count of people too small to show."""

    def __str__(self):
        return _("fewer than %(n)s") % {"n": SMALL}


FEWER = Fewer()


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class Percent:
    value: int

    def __str__(self):
        return _("%(number)s%%") % {"number": self.value}


@dataclass(frozen=True)
class Links:
    items: list[Link]

    def __str__(self):
        return "; ".join(link.text for link in self.items)


def people(count: int | None):
    """A count of people as it may be shown."""
    count = count or 0
    return FEWER if 0 < count < SMALL else count


def rate(part: int | None, whole: int | None, *, whole_is_people: bool = True):
    """part/whole as a percentage; hidden when either is a small count of people (a capacity
    is a count of seats, public on the event's page)."""
    if not whole:
        return None
    if people(part) is FEWER or (whole_is_people and people(whole) is FEWER):
        return FEWER
    return Percent(round(100 * (part or 0) / whole))


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Percent):
        return str(value.value)
    return safe_cell(value)


# -- tables --


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass
class Table:
    name: str  # its name in the export URL
    caption: str
    columns: list[Column]
    rows: Iterable[list]
    total: int = 0  # rows in all; the page may show fewer
    chart: charts.BarChart | None = None
    chart_title: str = ""
    chart_description: str = ""
    note: str = ""
    anchor: str = ""  # the id of its heading, where several tables share a name

    def __post_init__(self):
        self.anchor = self.anchor or self.name

    @property
    def aligned_rows(self):
        """Each row's cells with whether its column holds figures (aligned right)."""
        numeric = [column.numeric for column in self.columns]
        return [list(zip(row, numeric, strict=True)) for row in self.rows]

    @property
    def shown(self) -> int:
        return len(self.rows) if isinstance(self.rows, list) else self.total

    @property
    def more(self) -> int:
        return max(self.total - self.shown, 0)


def _first(queryset, limit: int | None, row: Callable[..., list]):
    """Rows of a table, one per object: the first `limit` and the number of all of them in one
    query; or every row, lazily, and their number (one more query) when `limit` is None."""
    if limit is None:
        return (row(obj) for obj in queryset.iterator(chunk_size=500)), queryset.count()
    found = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return [row(obj) for obj in found], found[0].rows_in_all if found else 0


def _columns(*labels, numeric=()) -> list[Column]:
    return [Column(str(label), index in numeric) for index, label in enumerate(labels)]


# -- the filters, for every panel --


@dataclass(frozen=True)
class Scope:
    """The dashboard's filters as each panel applies them, and the time the page was asked."""

    initiative: Initiative | None = None
    site: DemonstrationSite | None = None
    organization: Organization | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    now: dt.datetime = field(default_factory=timezone.now)

    @classmethod
    def of(cls, filterset: DashboardFilter, *, now=None) -> "Scope":
        data = filterset.form.cleaned_data if filterset.is_valid() else {}
        return cls(
            **{name: data.get(name) for name in DashboardFilter.base_filters},
            now=now or timezone.now(),
        )

    @property
    def today(self) -> dt.date:
        return timezone.localdate(self.now)

    @staticmethod
    def _midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    @property
    def start(self) -> dt.datetime | None:
        return self._midnight(self.since) if self.since else None

    @property
    def end(self) -> dt.datetime | None:
        """Midnight after the last day of the range."""
        return self._midnight(self.until + dt.timedelta(days=1)) if self.until else None

    @property
    def is_filtered(self) -> bool:
        return any([self.initiative, self.site, self.organization, self.since, self.until])

    def q(self, *, initiative=None, site=None, organization=None, moment=None, day=None) -> Q:
        """The filters on a model, given the path from it to each thing filtered on.

        An initiative brings the ones inside it; `moment` is a date-time field kept within the
        range, `day` a date field."""
        q = Q()
        if initiative and self.initiative:
            parent = f"{initiative}__parent"
            q &= Q(**{initiative: self.initiative}) | Q(**{parent: self.initiative})
        if site and self.site:
            q &= Q(**{site: self.site})
        if organization and self.organization:
            q &= Q(**{organization: self.organization})
        if moment and self.since:
            q &= Q(**{f"{moment}__gte": self.start})
        if moment and self.until:
            q &= Q(**{f"{moment}__lt": self.end})
        if day and self.since:
            q &= Q(**{f"{day}__gte": self.since})
        if day and self.until:
            q &= Q(**{f"{day}__lte": self.until})
        return q


# -- progress --

STATES = [("none", gettext_lazy("No update yet")), *ProgressStatus.choices]


def _objectives(scope: Scope):
    return Objective.objects.filter(
        scope.q(initiative="initiative", site="site", organization="owners")
    )


def _largest(groups, field: str, limit: int | None, *, ties: str | None = None):
    """The values of `field` in the `limit` largest groups (by their count; `ties` in order),
    and how many groups there are, in one query; None and 0 when every group is wanted."""
    if limit is None:
        return None, 0
    ranked = list(
        groups.values(field)
        .annotate(n=Count("pk"), groups_in_all=Window(Count(field)))
        .order_by("-n", ties or field)[:limit]
    )
    return [row[field] for row in ranked], ranked[0]["groups_in_all"] if ranked else 0


GROUPS_SHOWN = 12  # initiatives or communities in a grouped table on the page


def objectives_by_status(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """Objectives by their status at the end of the range (or now), for the initiatives with
    the most objectives (all of them in the export)."""
    latest = ProgressUpdate.objects.filter(objective=OuterRef("pk"))
    objectives = _objectives(scope)
    if scope.end:
        latest = latest.filter(created_at__lt=scope.end)
        objectives = objectives.filter(created_at__lt=scope.end)
    largest, total = _largest(objectives, "initiative_id", limit, ties="initiative__name")
    if largest is not None:
        objectives = objectives.filter(initiative_id__in=largest)
    counts = (
        objectives.annotate(
            state=Coalesce(
                Subquery(latest.order_by("-created_at", "-id").values("status")[:1]),
                Value("none"),
            )
        )
        .values(
            "initiative_id",
            "initiative__name",
            "initiative__short_name",
            "initiative__slug",
            "state",
        )
        .annotate(n=Count("pk"))
        .order_by("initiative__name", "state")
    )
    by_initiative: dict[int, dict] = {}
    labels = {}
    for row in counts:
        by_initiative.setdefault(row["initiative_id"], {})[row["state"]] = row["n"]
        labels[row["initiative_id"]] = (
            row["initiative__short_name"] or row["initiative__name"],
            row["initiative__slug"],
        )
    order = largest if largest is not None else list(by_initiative)
    rows, bars = [], []
    for initiative_id in order:
        states = by_initiative[initiative_id]
        label, slug = labels[initiative_id]
        count = sum(states.values())
        url = reverse("initiatives:detail", kwargs={"slug": slug})
        rows.append([Link(label, url), *(states.get(key, 0) for key, _ in STATES), count])
        bars.append((label, states, str(count)))
    table = Table(
        name="objectives-by-status",
        caption=_("Objectives by status, for each initiative"),
        columns=_columns(
            _("Initiative"),
            *(label for _, label in STATES),
            _("Total"),
            numeric=range(1, len(STATES) + 2),
        ),
        rows=rows,
        total=total or len(rows),
    )
    if limit:
        table.chart = charts.stacked_bar_chart(
            bars, keys=[(key, str(label)) for key, label in STATES]
        )
        table.chart_title = _("Objectives by status, for each initiative")
        table.chart_description = _(
            "%(objectives)s objectives in %(initiatives)s initiatives; %(on_track)s on track, "
            "%(at_risk)s at risk, %(off_track)s off track, %(done)s done."
        ) % {
            "objectives": sum(row[-1] for row in rows),
            "initiatives": len(rows),
            **{
                key: sum(states.get(key, 0) for _, states, _ in bars)
                for key in ("on_track", "at_risk", "off_track", "done")
            },
        }
        if table.more:
            table.note = _("The initiatives with the most objectives; the CSV has them all.")
    return table


def stale_objectives(scope: Scope, limit=LIST_ROWS) -> Table:
    """Objectives past their reporting cadence now (the range does not apply)."""
    objectives = (
        _objectives(scope)
        .with_cadence(now=scope.now)
        .filter(is_stale=True)
        .select_related("initiative")
        .prefetch_related(Prefetch("owners", queryset=Organization.objects.order_by("name")))
        .order_by("update_due_at", "pk")
    )
    never = _("never")
    rows, total = _first(
        objectives,
        limit,
        lambda o: [
            Link(o.title, o.get_absolute_url()),
            o.initiative.label,
            ", ".join(owner.name for owner in o.owners.all()),
            timezone.localdate(o.last_reported_at) if o.last_reported_at else never,
            timezone.localdate(o.update_due_at),
        ],
    )
    return Table(
        name="stale-objectives",
        caption=_("Objectives gone stale"),
        columns=_columns(
            _("Objective"), _("Initiative"), _("Owners"), _("Last update"), _("Update due")
        ),
        rows=rows,
        total=total,
    )


def overdue_milestones(scope: Scope, limit=LIST_ROWS) -> Table:
    milestones = (
        Milestone.objects.overdue(today=scope.today)
        .filter(
            scope.q(
                initiative="objective__initiative",
                site="objective__site",
                organization="objective__owners",
                day="due_date",
            )
        )
        .select_related("objective__initiative")
        .order_by("due_date", "pk")
    )
    rows, total = _first(
        milestones,
        limit,
        lambda m: [
            m.title,
            Link(m.objective.title, m.objective.get_absolute_url()),
            m.objective.initiative.label,
            m.due_date,
            (scope.today - m.due_date).days,
        ],
    )
    return Table(
        name="overdue-milestones",
        caption=_("Milestones overdue"),
        columns=_columns(
            _("Milestone"), _("Objective"), _("Initiative"), _("Due"), _("Days late"), numeric={4}
        ),
        rows=rows,
        total=total,
    )


def latest_updates(scope: Scope, limit=LIST_ROWS) -> Table:
    updates = (
        ProgressUpdate.objects.filter(
            scope.q(
                initiative="objective__initiative",
                site="objective__site",
                organization="organization",
                moment="created_at",
            )
        )
        .select_related("objective__initiative", "author", "organization")
        .order_by("-created_at", "-id")
    )
    rows, total = _first(
        updates,
        limit,
        lambda u: [
            u.created_at,
            Link(u.objective.title, u.objective.get_absolute_url()),
            u.objective.initiative.label,
            u.get_status_display(),
            str(u.author) if u.author else "",
            u.organization.name if u.organization else "",
            u.get_visibility_display(),
        ],
    )
    return Table(
        name="latest-updates",
        caption=_("Latest progress updates"),
        columns=_columns(
            _("Posted"),
            _("Objective"),
            _("Initiative"),
            _("Status"),
            _("Author"),
            _("Organization"),
            _("Visible to"),
        ),
        rows=rows,
        total=total,
    )


# -- sessions and events --

CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)


def _community(event: Event) -> str:
    if event.site_id:
        return event.site.name
    return event.city or _("Online")


def _events(scope: Scope, *, statuses=(Event.Status.PUBLISHED,)):
    return (
        Event.objects.filter(status__in=statuses)
        .filter(scope.q(initiative="initiative", site="site", organization="hosts"))
        .select_related("site")
    )


def _upcoming(scope: Scope, *, statuses=(Event.Status.PUBLISHED,)):
    """Events still to come within the range, with their registrations and needs counted."""
    events = _events(scope, statuses=statuses).filter(
        starts_at__gte=max(scope.now, scope.start) if scope.start else scope.now
    )
    if scope.end:
        events = events.filter(starts_at__lt=scope.end)
    return events.annotate(
        confirmed=Count("registrations", filter=CONFIRMED),
        waiting=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
        **needs_counts("registrations__"),
    ).order_by("starts_at", "pk")


def _public_page(event: Event) -> str:
    return event.get_absolute_url()


def upcoming_events(
    scope: Scope, limit=LIST_ROWS, *, statuses=(Event.Status.PUBLISHED,), link=_public_page
) -> Table:
    rows, total = _first(
        _upcoming(scope, statuses=statuses),
        limit,
        lambda e: [
            Link(e.title, link(e)),
            e.starts_at,
            _community(e),
            e.capacity,
            people(e.confirmed),
            rate(e.confirmed, e.capacity, whole_is_people=False),
            people(e.waiting),
        ],
    )
    table = Table(
        name="upcoming-events",
        caption=_("Upcoming events: fill rate and waiting list"),
        columns=_columns(
            _("Event"),
            _("Starts"),
            _("Community"),
            _("Capacity"),
            _("Confirmed"),
            _("Full"),
            _("Waiting list"),
            numeric={3, 4, 5, 6},
        ),
        rows=rows,
        total=total,
    )
    if limit:
        # Events with a capacity; a rate hidden to protect people gets no bar.
        bars = []
        for link, _starts, _place, capacity, _confirmed, full, _waiting in table.rows:
            if capacity:
                shown = isinstance(full, Percent)
                bars.append((link.text, full.value if shown else 0, str(full or 0), not shown))
        table.chart = charts.bar_chart(bars, reference=100)
        table.chart_title = _("How full each upcoming event is")
        table.chart_description = _(
            "Share of seats taken at %(count)s upcoming events with a limited capacity; the line "
            "marks a full event."
        ) % {"count": len(bars)}
    return table


def event_needs(
    scope: Scope, limit=LIST_ROWS, *, statuses=(Event.Status.PUBLISHED,), link=_public_page
) -> Table:
    events = _upcoming(scope, statuses=statuses)
    # Those of the events shown: the same first rows, as a subquery.
    interpreters = interpreters_asked(events.values("pk")[:limit] if limit else events.values("pk"))
    rows, total = _first(
        events,
        limit,
        lambda e: [
            Link(e.title, link(e)),
            e.starts_at,
            ", ".join(
                f"{language}: {people(count)}" for language, count in interpreters.get(e.pk, [])
            )
            or _("none"),
            people(e.children),
            people(e.rides),
            people(e.accommodations),
        ],
    )
    return Table(
        name="event-needs",
        caption=_("What to arrange for each upcoming event"),
        columns=_columns(
            _("Event"),
            _("Starts"),
            _("Interpreters"),
            _("Childcare seats"),
            _("Rides"),
            _("Accommodations"),
            numeric={3, 4, 5},
        ),
        rows=rows,
        total=total,
    )


def _past(scope: Scope):
    return _events(scope).filter(scope.q(moment="starts_at"), ends_at__lte=scope.now)


def attendance(scope: Scope, limit=LIST_ROWS) -> Table:
    """Checked in over confirmed, at each past event people registered for."""
    events = (
        _past(scope)
        .annotate(
            confirmed=Count("registrations", filter=CONFIRMED),
            checked_in=Count(
                "registrations", filter=CONFIRMED & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .filter(confirmed__gt=0)
        .order_by("-starts_at", "-pk")
    )
    rows, total = _first(
        events,
        limit,
        lambda e: [
            Link(e.title, e.get_absolute_url()),
            timezone.localdate(e.starts_at),
            _community(e),
            people(e.confirmed),
            people(e.checked_in),
            rate(e.checked_in, e.confirmed),
        ],
    )
    table = Table(
        name="attendance",
        caption=_("Attendance at past events"),
        columns=_columns(
            _("Event"),
            _("Held on"),
            _("Community"),
            _("Confirmed"),
            _("Checked in"),
            _("Attendance"),
            numeric={3, 4, 5},
        ),
        rows=rows,
        total=total,
    )
    if limit:
        overall = Registration.objects.filter(
            status=Registration.Status.CONFIRMED, event__in=_past(scope).values("pk")
        ).aggregate(
            confirmed=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
        )
        overall_rate = rate(overall["checked_in"], overall["confirmed"])
        if overall_rate is not None:
            table.note = _("Overall: %(rate)s of %(confirmed)s people with a seat came.") % {
                "rate": overall_rate,
                "confirmed": people(overall["confirmed"]),
            }
    return table


def _months(scope: Scope) -> list[dt.date]:
    """The months shown: those of the range, or the last six; twelve at most."""
    last = (scope.until or scope.today).replace(day=1)
    first = (scope.since or scope.today).replace(day=1)
    if not scope.since:
        first = _add_months(last, -5)
    first = max(first, _add_months(last, -11))
    months, month = [], first
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    return months


def _add_months(day: dt.date, count: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def protect(matrix: dict[str, dict], columns: list) -> dict[str, dict]:
    """Small cells hidden, and one more cell in a column where a single hidden cell could be
    worked out from the column's total (shown in the chart)."""
    shown = {
        row: {col: people(cells.get(col, 0)) for col in columns} for row, cells in matrix.items()
    }
    for col in columns:
        hidden = [row for row in shown if shown[row][col] is FEWER]
        if len(hidden) == 1:
            others = [
                (matrix[row].get(col, 0), row)
                for row in shown
                if row not in hidden and matrix[row].get(col, 0)
            ]
            if others:
                shown[min(others)[1]][col] = FEWER
    return shown


def _month_of(value) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def registrations_by_community(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """Registrations (not cancelled) by the community of the event and the month they came,
    for the communities with the most (all of them in the export); the chart has every
    community's registrations by month."""
    months = _months(scope)
    registrations = (
        Registration.objects.exclude(status=Registration.Status.CANCELLED)
        .filter(
            created_at__gte=Scope._midnight(months[0]),
            created_at__lt=Scope._midnight(_add_months(months[-1], 1)),
        )
        .filter(
            scope.q(initiative="event__initiative", site="event__site", organization="event__hosts")
        )
        .annotate(
            month=TruncMonth("created_at"),
            community=Coalesce(
                "event__site__name", NullIf("event__city", Value("")), Value(_("Online"))
            ),
        )
    )
    largest, total = _largest(registrations, "community", limit)
    shown_ones = registrations if largest is None else registrations.filter(community__in=largest)
    counts = shown_ones.values("community", "month").annotate(n=Count("pk")).order_by("community")
    matrix: dict[str, dict] = {community: {} for community in largest or []}
    for row in counts:
        matrix.setdefault(row["community"], {})[_month_of(row["month"])] = row["n"]
    shown = protect(matrix, months)
    labels = [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in months]
    table = Table(
        name="registrations-by-community",
        caption=_("Registrations by community and month"),
        columns=_columns(_("Community"), *labels, numeric=range(1, len(months) + 1)),
        rows=[[community, *cells.values()] for community, cells in shown.items()],
        total=total or len(shown),
    )
    if not limit:
        return table
    by_month = {
        _month_of(row["month"]): row["n"]
        for row in registrations.values("month").annotate(n=Count("pk")).order_by("month")
    }
    totals = [people(by_month.get(month, 0)) for month in months]
    table.chart = charts.bar_chart(
        [
            (label, 0 if count is FEWER else count, str(count), count is FEWER)
            for label, count in zip(labels, totals, strict=True)
        ],
    )
    table.chart_title = _("Registrations by month")
    table.chart_description = _("Registrations from %(first)s to %(last)s: %(figures)s.") % {
        "first": labels[0],
        "last": labels[-1],
        "figures": "; ".join(
            f"{label}, {count}" for label, count in zip(labels, totals, strict=True)
        ),
    }
    if table.more:
        table.note = _("The communities with the most registrations; the CSV has them all.")
    return table


# -- partners --


def _organizations(scope: Scope):
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


def organizations_by_sector(scope: Scope, limit=None) -> Table:
    counts = _organizations(scope).values("sector").annotate(n=Count("pk")).order_by("-n", "sector")
    labels = dict(Sector.choices)
    rows = [[str(labels.get(row["sector"], row["sector"])), row["n"]] for row in counts]
    table = Table(
        name="organizations-by-sector",
        caption=_("Partner organizations by sector"),
        columns=_columns(_("Sector"), _("Organizations"), numeric={1}),
        rows=rows,
        total=len(rows),
        chart=charts.bar_chart([(label, n, str(n), False) for label, n in rows]),
        chart_title=_("Partner organizations by sector"),
    )
    table.chart_description = "; ".join(f"{label}: {n}" for label, n in rows)
    return table


def _engagement_window(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    return (
        scope.start or scope.now - dt.timedelta(days=ENGAGEMENT_DAYS),
        scope.end or scope.now,
    )


def _activity(scope: Scope):
    """An organization's progress updates and hosted events in the window, correlated to the
    organization of the outer query."""
    start, end = _engagement_window(scope)
    updates = ProgressUpdate.objects.filter(
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
    updates, events = _activity(scope)
    organizations = (
        _organizations(scope)
        .filter(Exists(updates) | Exists(events))
        .annotate(
            updates_count=SubqueryCount(updates),
            events_count=SubqueryCount(events),
            activity=F("updates_count") + F("events_count"),
        )
        .order_by("-activity", "name")
    )
    rows, total = _first(
        organizations,
        limit,
        lambda o: [
            Link(o.name, o.get_absolute_url()),
            o.get_sector_display(),
            o.updates_count,
            o.events_count,
        ],
    )
    return Table(
        name="engagement",
        caption=_("Engagement by organization, %(window)s") % {"window": _window_words(scope)},
        columns=_columns(
            _("Organization"),
            _("Sector"),
            _("Progress updates"),
            _("Events held or planned"),
            numeric={2, 3},
        ),
        rows=rows,
        total=total,
    )


def inactive_organizations(scope: Scope, limit=LIST_ROWS) -> Table:
    updates, events = _activity(scope)
    organizations = _organizations(scope).filter(~Exists(updates), ~Exists(events)).order_by("name")
    rows, total = _first(
        organizations,
        limit,
        lambda o: [Link(o.name, o.get_absolute_url()), o.get_sector_display(), o.city],
    )
    return Table(
        name="inactive-organizations",
        caption=_("Organizations with no update or event %(window)s")
        % {"window": _window_words(scope)},
        columns=_columns(_("Organization"), _("Sector"), _("City or town")),
        rows=rows,
        total=total,
    )


def pending_organizations(scope: Scope, limit=LIST_ROWS) -> Table:
    """Applications to join the network (the filters do not apply: they are in no initiative
    yet)."""
    url = reverse("partners:applications")
    rows, total = _first(
        Organization.objects.awaiting_decision().order_by("created_at"),
        limit,
        lambda o: [Link(o.name, url), o.get_sector_display(), o.created_at],
    )
    return Table(
        name="pending-organizations",
        caption=_("Organizations waiting for approval"),
        columns=_columns(_("Organization"), _("Sector"), _("Applied")),
        rows=rows,
        total=total,
    )


def pending_memberships(scope: Scope, limit=LIST_ROWS) -> Table:
    requests = (
        Membership.objects.filter(status=Membership.Status.REQUESTED, organization__approved=True)
        .filter(scope.q(organization="organization"))
        .select_related("user", "organization")
        .order_by("created_at", "pk")
    )
    rows, total = _first(
        requests,
        limit,
        lambda m: [
            str(m.user),
            Link(
                m.organization.name,
                reverse("partners:staff", kwargs={"slug": m.organization.slug}),
            ),
            m.created_at,
        ],
    )
    return Table(
        name="pending-memberships",
        caption=_("Staff waiting for approval"),
        columns=_columns(_("Person"), _("Organization"), _("Asked")),
        rows=rows,
        total=total,
    )


# -- equity indicators --


@dataclass
class IndicatorView:
    """One indicator at one site (or network-wide): each group over the latest periods."""

    indicator: Indicator
    site_name: str
    table: Table


def _measurements(scope: Scope):
    return Measurement.objects.filter(
        scope.q(initiative="indicator__initiative", site="site", day="period_start")
    )


def _gap(value, base, unit) -> str:
    """value - base with its sign (a true minus sign): "-12 points", "+$1,200", "+2 places"."""
    if value is None or base is None:
        return ""
    difference = Decimal(value) - Decimal(base)
    sign = "+" if difference > 0 else "\u2212" if difference < 0 else ""  # a minus sign
    if unit == Indicator.Unit.RANK:
        return _("%(number)s places") % {"number": f"{sign}{abs(difference):.0f}"}
    if unit == Indicator.Unit.PERCENT:
        places = max(0, -abs(difference).normalize().as_tuple().exponent)
        number = formats.number_format(abs(difference), decimal_pos=places, use_l10n=True)
        return _("%(number)s points") % {"number": sign + number}
    return sign + format_value(abs(difference), unit)


def _figure(value, unit, group):
    """A value as shown; a count of students in one group under five is hidden."""
    if value is None:
        return None
    if unit == Indicator.Unit.COUNT and group != StudentGroup.ALL and people(int(value)) is FEWER:
        return FEWER
    return format_value(value, unit)


def _equity_rows(measurements):
    """Measurements of the latest periods of each indicator and site, each with the value for
    all students and the best value of any group in the same period, from the database."""
    same_period = [F("indicator_id"), F("site_id"), F("period_start")]
    # The best value among those shown: a hidden small count must not be worked out from it.
    shown = Case(
        When(
            Q(indicator__unit=Indicator.Unit.COUNT, value__gt=0, value__lt=SMALL)
            & ~Q(student_group=StudentGroup.ALL),
            then=Value(None),
        ),
        default=F("value"),
    )
    ranked = measurements.annotate(
        period_rank=Window(
            DenseRank(),
            partition_by=[F("indicator_id"), F("site_id")],
            order_by=F("period_start").desc(),
        ),
        all_value=Window(
            Max(Case(When(student_group=StudentGroup.ALL, then=F("value")))),
            partition_by=same_period,
        ),
        groups_in_period=Window(Count("pk"), partition_by=same_period),
        highest=Window(Max(shown), partition_by=same_period),
        lowest=Window(Min(shown), partition_by=same_period),
    )
    return (
        ranked.filter(period_rank__lte=PERIODS_SHOWN)
        .select_related("indicator", "site")
        .order_by("indicator__name", "indicator_id", "site__name", "period_start", "student_group")
    )


GROUP_ORDER = {group: index for index, group in enumerate(StudentGroup.values)}


def equity(scope: Scope, *, page: int | str | None = 1):
    """The indicator and site pairs of one page, and a Paginator page of the pairs."""

    pairs = (
        _measurements(scope)
        .values("indicator_id", "site_id")
        .annotate(
            indicator_name=Max("indicator__name"),
            site_name=Max("site__name"),
            groups=Count("student_group", distinct=True),
        )
        # Figures broken down by student group first: they show the gaps.
        .order_by("-groups", "indicator_name", "indicator_id", "site_name", "site_id")
    )
    page_obj = Paginator(pairs, INDICATORS_PER_PAGE).get_page(page)
    if not page_obj.object_list:
        return [], page_obj
    which = Q()
    for pair in page_obj.object_list:
        which |= Q(indicator_id=pair["indicator_id"], site_id=pair["site_id"])
    measurements = _equity_rows(_measurements(scope).filter(which))
    grouped = defaultdict(list)
    for m in measurements:
        grouped[m.indicator_id, m.site_id].append(m)
    views = [
        _indicator_view(grouped[pair["indicator_id"], pair["site_id"]])
        for pair in page_obj.object_list
        if grouped[pair["indicator_id"], pair["site_id"]]
    ]
    return views, page_obj


def _indicator_view(measurements: list[Measurement]) -> IndicatorView:
    indicator = measurements[0].indicator
    site = measurements[0].site
    unit = indicator.unit
    periods = sorted({(m.period_start, m.period_label) for m in measurements})
    latest_start, latest_label = periods[-1]
    by_group = defaultdict(dict)
    for m in measurements:
        by_group[m.student_group][m.period_start] = m
    groups = sorted(by_group, key=lambda g: GROUP_ORDER.get(g, 99))
    group_labels = dict(StudentGroup.choices)
    rows, bars, reference = [], [], None
    for group in groups:
        cells = [
            _figure(getattr(by_group[group].get(s), "value", None), unit, group) for s, _ in periods
        ]
        latest = by_group[group].get(latest_start)
        if latest is None:
            gaps = ["", ""]
        else:
            best = latest.highest if indicator.higher_is_better else latest.lowest
            hidden = _figure(latest.value, unit, group) is FEWER
            gaps = (
                ["", ""]
                if hidden or latest.groups_in_period == 1  # nothing to compare with
                else [
                    _gap(latest.value, latest.all_value, unit) if group != StudentGroup.ALL else "",
                    _gap(latest.value, best, unit),
                ]
            )
            if group == StudentGroup.ALL:
                reference = latest.value
            bars.append(
                (
                    str(group_labels.get(group, group)),
                    latest.value,
                    str(_figure(latest.value, unit, group)),
                    hidden,
                )
            )
        first = by_group[group].get(periods[0][0])
        trend = (
            _gap(latest.value, first.value, unit)
            if latest is not None and first is not None and FEWER not in cells
            else ""
        )
        rows.append(
            [
                str(group_labels.get(group, group)),
                *cells,
                *(gaps if len(periods) == 1 else [trend, *gaps]),
            ]
        )
    site_name = site.name if site else _("Network-wide")
    change = [_("Change since %(period)s") % {"period": periods[0][1]}] if len(periods) > 1 else []
    table = Table(
        name="equity-indicators",
        caption=_("%(indicator)s, %(site)s, by student group")
        % {"indicator": indicator.name, "site": site_name},
        columns=_columns(
            _("Student group"),
            *(label for _, label in periods),
            *change,
            _("Gap to all students"),
            _("Gap to the best group"),
            numeric=range(1, len(periods) + len(change) + 3),
        ),
        rows=rows,
        total=len(rows),
        anchor=f"indicator-{indicator.pk}-{site.pk if site else 'all'}",
    )
    chart = None
    if unit != Indicator.Unit.RANK and len(bars) > 1:
        chart = charts.bar_chart(bars, reference=reference)
    description = _("%(period)s: %(figures)s.") % {
        "period": latest_label,
        "figures": "; ".join(f"{label}, {text}" for label, _, text, _ in bars),
    }
    table.chart = chart
    table.chart_title = _("%(indicator)s, %(site)s, %(period)s: each group") % {
        "indicator": indicator.name,
        "site": site_name,
        "period": latest_label,
    }
    table.chart_description = description
    return IndicatorView(
        indicator=indicator,
        site_name=site_name,
        table=table,
    )


def equity_export(scope: Scope, limit=None) -> Table:
    """Every figure in view in long form, with its gaps, for the CSV."""
    measurements = _equity_rows(_measurements(scope))
    # The window functions need every row of a period; no paging of the query itself.
    labels = dict(StudentGroup.choices)

    units = dict(Indicator.Unit.choices)

    def rows():
        # Figures and gaps as plain numbers in the indicator's unit, for spreadsheets.
        for m in measurements.iterator(chunk_size=500):
            unit, group = m.indicator.unit, m.student_group
            best = m.highest if m.indicator.higher_is_better else m.lowest
            hidden = _figure(m.value, unit, group) is FEWER
            alone = m.groups_in_period == 1
            yield [
                m.indicator.name,
                m.site.name if m.site_id else _("Network-wide"),
                m.period_label,
                str(labels.get(group, group)),
                str(units.get(unit, unit)),
                FEWER if hidden else m.value,
                "" if hidden or group == StudentGroup.ALL else m.value - m.all_value,
                "" if hidden or alone else m.value - best,
            ]

    return Table(
        name="equity-indicators",
        caption=_("Equity indicators by student group"),
        columns=_columns(
            _("Indicator"),
            _("Site"),
            _("Period"),
            _("Student group"),
            _("Unit"),
            _("Value"),
            _("Gap to all students"),
            _("Gap to the best group"),
        ),
        rows=rows(),
        total=measurements.count(),
    )


# -- community input --


def suggestions_by_community(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """Where people asked for sessions, by status, for the communities asked for most (only
    the date range applies)."""
    suggestions = LocationSuggestion.objects.filter(scope.q(moment="created_at"))
    largest, total = _largest(suggestions, "community", limit)
    if largest is not None:
        suggestions = suggestions.filter(community__in=largest)
    counts = suggestions.values("community", "status").annotate(n=Count("pk")).order_by("community")
    matrix = {community: {} for community in largest or []}
    for row in counts:
        matrix.setdefault(row["community"], {})[row["status"]] = row["n"]
    statuses = LocationSuggestion.Status
    rows = [
        [community, *(cells.get(s, 0) for s in statuses.values), sum(cells.values())]
        for community, cells in matrix.items()
    ]
    return Table(
        name="suggestions",
        caption=_("Where people asked for a session, by status"),
        columns=_columns(
            _("Community"),
            *statuses.labels,
            _("Total"),
            numeric=range(1, len(statuses.values) + 2),
        ),
        rows=rows,
        total=total or len(rows),
    )


def _themes(scope: Scope):
    return (
        Theme.objects.filter(report__published_at__isnull=False)
        .filter(
            scope.q(
                initiative="report__event__initiative",
                site="report__event__site",
                organization="report__event__hosts",
                moment="report__event__starts_at",
            )
        )
        .select_related("report__event")
        .order_by("-report__event__starts_at", "report_id", "position", "pk")
    )


def _theme_title(theme: Theme) -> str:
    if translation.get_language() == "es" and theme.title_es:
        return theme.title_es
    return theme.title


def themes(scope: Scope, limit=LIST_ROWS) -> Table:
    rows, total = _first(
        _themes(scope).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("title"))
        ),
        limit,
        lambda t: [
            _theme_title(t),
            Link(t.report.event.title, t.report.event.get_absolute_url()),
            timezone.localdate(t.report.event.starts_at),
            Links([Link(o.title, o.get_absolute_url()) for o in t.objectives.all()]),
        ],
    )
    return Table(
        name="themes",
        caption=_("What we heard, and the objectives that answer it"),
        columns=_columns(_("Theme"), _("Session"), _("Held on"), _("Objectives")),
        rows=rows,
        total=total,
    )


def unanswered_themes(scope: Scope, limit=LIST_ROWS) -> Table:
    linked = Theme.objectives.through.objects.filter(theme_id=OuterRef("pk"))
    rows, total = _first(
        _themes(scope).filter(~Exists(linked)),
        limit,
        lambda t: [
            _theme_title(t),
            Link(t.report.event.title, t.report.event.get_absolute_url()),
            timezone.localdate(t.report.event.starts_at),
        ],
    )
    return Table(
        name="unanswered-themes",
        caption=_("Themes no objective answers yet"),
        columns=_columns(_("Theme"), _("Session"), _("Held on")),
        rows=rows,
        total=total,
    )


# -- the page --

# Every table that can be exported, by its name in the URL.
TABLES: dict[str, Callable[..., Table]] = {
    "objectives-by-status": objectives_by_status,
    "stale-objectives": stale_objectives,
    "overdue-milestones": overdue_milestones,
    "latest-updates": latest_updates,
    "upcoming-events": upcoming_events,
    "event-needs": event_needs,
    "attendance": attendance,
    "registrations-by-community": registrations_by_community,
    "organizations-by-sector": organizations_by_sector,
    "engagement": engagement,
    "inactive-organizations": inactive_organizations,
    "pending-organizations": pending_organizations,
    "pending-memberships": pending_memberships,
    "equity-indicators": equity_export,
    "suggestions": suggestions_by_community,
    "themes": themes,
    "unanswered-themes": unanswered_themes,
}


@dataclass
class Panel:
    slug: str
    title: str
    tables: list[Table]
    note: str = ""
    export: str = ""  # one CSV for the whole panel, rather than one per table
    export_label: str = ""
    pages: Page | None = None  # the panel's own pages, `?<slug>=<n>`


def dashboard(scope: Scope, *, indicator_page=1) -> dict:
    """Every panel of /dashboard/ for the scope."""
    indicators, indicator_pages = equity(scope, page=indicator_page)
    equity_panel = Panel(
        "indicators",
        _("Equity indicators"),
        [view.table for view in indicators],
        note=_(
            "The latest figure of each student group, its gap to all students and to the group "
            "with the best result, and the trend over the latest periods. The line on each chart "
            "marks all students."
        ),
        export="equity-indicators",
        export_label=_("Download CSV of every figure in view, with its gaps"),
        pages=indicator_pages,
    )
    panels = [
        Panel(
            "progress",
            _("Progress"),
            [
                objectives_by_status(scope),
                stale_objectives(scope),
                overdue_milestones(scope),
                latest_updates(scope),
            ],
            note=_("Status as of the end of the range; stale objectives as of today."),
        ),
        Panel(
            "events",
            _("Sessions and events"),
            [
                upcoming_events(scope),
                event_needs(scope),
                attendance(scope),
                registrations_by_community(scope),
            ],
        ),
        Panel(
            "partners",
            _("Partners"),
            [
                organizations_by_sector(scope),
                engagement(scope),
                inactive_organizations(scope),
                pending_organizations(scope),
                pending_memberships(scope),
            ],
        ),
        equity_panel,
        Panel(
            "community",
            _("Community input"),
            [suggestions_by_community(scope), themes(scope), unanswered_themes(scope)],
            note=_("Location suggestions follow the date range only."),
        ),
    ]
    return {"panels": panels, "indicators": indicators}


# -- exports --


def export_lines(table: Table) -> Iterator[str]:
    """The CSV of a table, line by line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([column.label for column in table.columns])
    yield flush()
    for row in table.rows:
        writer.writerow([csv_cell(cell) for cell in row])
        yield flush()


def export_table(name: str, scope: Scope) -> Table:
    """Every row of one table, lazily, with their number counted."""
    return TABLES[name](scope, limit=None)


def export_filename(name: str, scope: Scope) -> str:
    return f"{name}-{scope.today.isoformat()}.csv"


def export_logged(*, actor, target, name: str, rows: int, filters: str, ip=None) -> None:
    """Who took which table, how many rows and with which filters, in the audit log."""
    services.audit_log(
        actor=actor,
        action="dashboard.exported",
        target=target,
        data={"table": name, "rows": rows, "filters": filters},
        ip=ip,
    )


def export_start(*, user, name: str, params: QueryDict) -> Job:
    """Prepare a large export in the background; its page shows the progress."""
    payload = {
        "table": name,
        "params": params.urlencode(),
        "language": translation.get_language(),
    }
    return services.job_create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        user=user,
        filename=f"{name}.csv",
        text=json.dumps(payload),
    )


def export_run(job_id: int) -> Job | None:
    """Write a queued export's CSV into its job, recording progress as it goes."""
    job = services.job_claim(job_id=job_id)
    if job is None:
        return None
    payload = json.loads(job.payload)
    with translation.override(payload.get("language") or settings.LANGUAGE_CODE):
        filterset = DashboardFilter(QueryDict(payload["params"]), queryset=Initiative.objects.all())
        if payload["table"] not in TABLES or not filterset.is_valid():
            return services.job_finish(
                job=job, errors=[{"line": 0, "message": _("These filters are no longer valid.")}]
            )
        table = export_table(payload["table"], replace(Scope.of(filterset), now=job.created_at))
        services.job_progress(job=job, done=0, total=table.total)
        lines, done = [], -1  # the header is not a row
        for line in export_lines(table):
            lines.append(line)
            done += 1
            if done and done % 500 == 0:
                services.job_progress(job=job, done=done)
        job.output = "".join(lines)
        job.save(update_fields=["output"])
        services.job_progress(job=job, done=done)
        export_logged(
            actor=job.created_by,
            target=job,
            name=payload["table"],
            rows=done,
            filters=payload["params"],
        )
        return services.job_finish(job=job, result={"rows": done})


# -- the organization dashboard --

DUE_SOON = dt.timedelta(days=14)


def _organize_page(event: Event) -> str:
    return reverse("events:organize", kwargs={"slug": event.slug})


def organization_dashboard(organization: Organization, *, now=None) -> dict:
    """An organization's work for its staff: objectives stale first, updates due, its events.

    `objectives` is a queryset for the view to paginate."""
    scope = Scope(organization=organization, now=now or timezone.now())
    objectives = (
        objectives_with_status(partner_view=True)
        .filter(owners=organization)
        .select_related("initiative", "indicator")
        .order_by(F("is_stale").desc(), "update_due_at", "pk")
    )
    due, due_total = _first(
        objectives.filter(update_due_at__lt=scope.now + DUE_SOON).order_by("update_due_at", "pk"),
        LIST_ROWS,
        lambda objective: objective,
    )
    statuses = (Event.Status.DRAFT, Event.Status.PUBLISHED)
    return {
        "scope": scope,
        "objectives": objectives,
        "due": due,
        "due_total": due_total,
        "events": upcoming_events(scope, statuses=statuses, link=_organize_page),
        "needs": event_needs(scope, statuses=statuses, link=_organize_page),
    }


# -- the board packet --


@dataclass
class PacketSection:
    initiative: Initiative
    states: list[tuple[str, int]]
    objectives: list[Objective] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)


def packet(scope: Scope, initiatives) -> list[PacketSection]:
    """One section per initiative in view: progress, indicators, events, what we heard.

    One query per kind of thing for all initiatives together, shared out here."""
    initiatives = list(initiatives)
    ids = [i.pk for i in initiatives]
    in_view = replace(scope, initiative=None)  # the initiatives are the sections
    objectives = label_status(
        list(
            objectives_with_status(partner_view=True)
            .filter(in_view.q(site="site", organization="owners"), initiative_id__in=ids)
            .select_related("indicator")
            .order_by("title")
        )
    )
    milestones = (
        Milestone.objects.overdue(today=scope.today)
        .filter(
            in_view.q(site="objective__site", organization="objective__owners", day="due_date"),
            objective__initiative_id__in=ids,
        )
        .select_related("objective")
        .order_by("due_date", "pk")
    )
    measurements = _equity_rows(_measurements(in_view).filter(indicator__initiative_id__in=ids))
    events = (
        _events(in_view)
        .filter(initiative_id__in=ids)
        .filter(in_view.q(moment="starts_at"))
        .annotate(
            confirmed=Count("registrations", filter=CONFIRMED),
            checked_in=Count(
                "registrations", filter=CONFIRMED & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .order_by("starts_at", "pk")
    )
    if not (scope.since or scope.until):
        # Without a range: the last quarter's events and those ahead.
        events = events.filter(starts_at__gte=scope.now - dt.timedelta(days=ENGAGEMENT_DAYS))
    heard = (
        _themes(in_view)
        .filter(report__event__initiative_id__in=ids)
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("title")))
    )
    sections = {i.pk: PacketSection(initiative=i, states=[]) for i in initiatives}
    counts = defaultdict(lambda: defaultdict(int))
    for objective in objectives:
        sections[objective.initiative_id].objectives.append(objective)
        counts[objective.initiative_id][objective.current_status or "none"] += 1
    for initiative_id, section in sections.items():
        section.states = [(str(label), counts[initiative_id][key]) for key, label in STATES]
    for milestone in milestones:
        sections[milestone.objective.initiative_id].milestones.append(milestone)
    grouped = defaultdict(list)
    for m in measurements:
        grouped[m.indicator.initiative_id, m.indicator_id, m.site_id].append(m)
    for (initiative_id, _indicator, _site), rows in grouped.items():
        sections[initiative_id].indicators.append(_indicator_view(rows))
    for event in events:
        event.confirmed_shown = people(event.confirmed)
        event.checked_in_shown = people(event.checked_in)
        event.attendance = rate(event.checked_in, event.confirmed)
        event.has_ended = event.ends_at <= scope.now
        sections[event.initiative_id].events.append(event)
    for theme in heard:
        theme.shown_title = _theme_title(theme)
        sections[theme.report.event.initiative_id].themes.append(theme)
    return list(sections.values())
