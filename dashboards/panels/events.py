"""The sessions and events panel: upcoming events, what to arrange for them, attendance at
past ones and registrations by community and month."""

import datetime as dt

from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coalition import charts
from coalition.translation import Localized, as_read, in_language, language_of, localized
from dashboards.scope import Scope
from dashboards.tables import (
    FEWER,
    GROUPS_SHOWN,
    LIST_ROWS,
    Link,
    Percent,
    Source,
    Table,
    columns_of,
    first_rows,
    largest_groups,
    people,
    protect,
    rate,
    source_column,
)
from events.models import Event, Registration
from events.selectors import interpreters_asked, needs_counts

# Registrations with a seat, through an event.
CONFIRMED = Q(registrations__status=Registration.Status.CONFIRMED)


def _community(event: Event) -> str | Localized:
    if event.community_id:
        return localized(event.community, "name")
    return event.city or _("Online")


def events_in_scope(scope: Scope, *, statuses=(Event.Status.PUBLISHED,)):
    """The events in view, whenever they are held; published ones unless told."""
    return (
        Event.objects.filter(status__in=statuses)
        .filter(scope.q(initiative="initiative", site="site", organization="hosts"))
        .select_related("community")
    )


def _upcoming(scope: Scope, *, statuses=(Event.Status.PUBLISHED,)):
    """Events still to come within the range, with their registrations and needs counted."""
    events = events_in_scope(scope, statuses=statuses).filter(
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


def event_source(event: Event) -> Source:
    """An event's facts: stated by its page on the portal (or its source), as of its start."""
    return Source(
        event.source or _("The event's page"),
        timezone.localdate(event.starts_at),
        bool(event.is_example),
        event.source_url,
        source_lang=event.source_lang if event.source else "",
    )


def _public_page(event: Event) -> str:
    return event.get_absolute_url()


def upcoming_events(
    scope: Scope, limit=LIST_ROWS, *, statuses=(Event.Status.PUBLISHED,), link=_public_page
) -> Table:
    rows, total = first_rows(
        _upcoming(scope, statuses=statuses),
        limit,
        lambda e: [
            Link(localized(e, "title"), link(e)),
            e.starts_shown,
            _community(e),
            e.capacity,
            people(e.confirmed),
            rate(e.confirmed, e.capacity, whole_is_people=False),
            people(e.waiting),
            event_source(e),
        ],
    )
    table = Table(
        name="upcoming-events",
        caption=_("Upcoming events: fill rate and waiting list"),
        columns=[
            *columns_of(
                _("Event"),
                _("Starts"),
                _("Community"),
                _("Capacity"),
                # Headings over counts and rates: Spanish says "confirmadas", "ocupación".
                pgettext("count of registrations", "Confirmed"),
                pgettext("share of seats taken", "Full"),
                _("Waiting list"),
                numeric={3, 4, 5, 6},
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
    )
    if limit:
        # Events with a capacity; a rate hidden to protect people gets no bar.
        bars = []
        for link, starts, place, capacity, _confirmed, full, _waiting, _source in table.rows:
            if capacity:
                shown = isinstance(full, Percent)
                label = bar_label(link.text, starts, place)
                bars.append((label, full.value if shown else 0, str(full or 0), not shown))
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
    rows, total = first_rows(
        events,
        limit,
        lambda e: [
            Link(localized(e, "title"), link(e)),
            e.starts_shown,
            ", ".join(
                f"{language}: {people(count)}" for language, count in interpreters.get(e.pk, [])
            )
            or _("none"),
            people(e.children),
            people(e.rides),
            people(e.accommodations),
            event_source(e),
        ],
    )
    return Table(
        name="event-needs",
        caption=_("What to arrange for each upcoming event"),
        columns=[
            *columns_of(
                _("Event"),
                _("Starts"),
                _("Interpreters"),
                _("Childcare seats"),
                _("Rides"),
                _("Accommodations"),
                numeric={3, 4, 5},
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
    )


def past_events(scope: Scope):
    """Events held within the range, over by its end (or now)."""
    return events_in_scope(scope).filter(scope.q(moment="starts_at"), ends_at__lte=scope.as_of)


def attendance(scope: Scope, limit=LIST_ROWS) -> Table:
    """Checked in over confirmed, at each past event people registered for."""
    events = (
        past_events(scope)
        .annotate(
            confirmed=Count("registrations", filter=CONFIRMED),
            checked_in=Count(
                "registrations", filter=CONFIRMED & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .filter(confirmed__gt=0)
        .order_by("-starts_at", "-pk")
    )
    rows, total = first_rows(
        events,
        limit,
        lambda e: [
            Link(localized(e, "title"), e.get_absolute_url()),
            timezone.localdate(e.starts_at),
            _community(e),
            people(e.confirmed),
            people(e.checked_in),
            rate(e.checked_in, e.confirmed),
            event_source(e),
        ],
    )
    table = Table(
        name="attendance",
        caption=_("Attendance at past events"),
        columns=[
            *columns_of(
                _("Event"),
                _("Held on"),
                _("Community"),
                pgettext("count of registrations", "Confirmed"),
                pgettext("count of registrations", "Checked in"),
                _("Attendance"),
                numeric={3, 4, 5},
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
    )
    if limit:
        overall = Registration.objects.filter(
            status=Registration.Status.CONFIRMED, event__in=past_events(scope).values("pk")
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


def bar_label(title, starts, place) -> str:
    """A bar's label that tells events apart: the title, then the day and the place."""
    day = formats.date_format(
        timezone.localdate(starts) if isinstance(starts, dt.datetime) else starts,
        "SHORT_DATE_FORMAT",
    )
    return f"{title} ({day}, {place})"


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
            created_at__gte=Scope.midnight(months[0]),
            created_at__lt=Scope.midnight(_add_months(months[-1], 1)),
        )
        .filter(
            scope.q(initiative="event__initiative", site="event__site", organization="event__hosts")
        )
        .annotate(
            month=TruncMonth("created_at"),
            # The community's name as the reader reads it (and in which language), else the
            # city typed (an event of no known community), else online.
            community=Coalesce(
                in_language("event__community__name"),
                NullIf("event__city", Value("")),
                Value(_("Online")),
            ),
            community_lang=Case(
                When(event__community__isnull=False, then=language_of("event__community__name")),
                default=Value(""),
            ),
        )
    )
    largest, total = largest_groups(registrations, "community", limit)
    shown_ones = registrations if largest is None else registrations.filter(community__in=largest)
    counts = (
        shown_ones.values("community", "community_lang", "month")
        .annotate(n=Count("pk"), examples=Count("pk", filter=Q(event__is_example=True)))
        .order_by("community")
    )
    matrix: dict[str, dict] = {community: {} for community in largest or []}
    examples: dict[str, int] = {}
    langs: dict[str, str] = {}
    for row in counts:
        langs[row["community"]] = row["community_lang"]
        matrix.setdefault(row["community"], {})[_month_of(row["month"])] = row["n"]
        examples[row["community"]] = examples.get(row["community"], 0) + row["examples"]
    shown = protect(matrix, months)
    labels = [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in months]
    source = _("Registrations on the portal")
    as_of = min(scope.today, _add_months(months[-1], 1) - dt.timedelta(days=1))
    table = Table(
        name="registrations-by-community",
        caption=_("Registrations by community and month"),
        columns=[
            *columns_of(_("Community"), *labels, numeric=range(1, len(months) + 1)),
            source_column(),
        ],
        rows=[
            [
                as_read(community, langs.get(community, "")),
                *cells.values(),
                Source(source, as_of, bool(examples.get(community))),
            ]
            for community, cells in shown.items()
        ],
        total=total or len(shown),
        has_example=any(examples.values()),
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
