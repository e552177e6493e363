"""The headline figures above the panels: a few numbers that answer "how are we doing?" for
the view, each with its change since the previous period of the same length.

Each figure is counted by the same querysets as the panel it links to, over the period's days
(Scope.period: the range, or the last 90 days up to its end or today) and over as many days
just before; a figure counted from any example row is itself an example.
"""

from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from dashboards.panels.community import themes_in_scope
from dashboards.panels.events import past_events
from dashboards.panels.partners import active_organizations, activity
from dashboards.panels.progress import milestones_overdue_on, objectives_as_of
from dashboards.scope import Scope
from dashboards.tables import Fewer, Percent, people, rate
from events.models import Registration, Theme
from initiatives.models import ProgressStatus
from initiatives.selectors import SubqueryCount


@dataclass
class Figure:
    key: str
    label: str
    value: int | Percent | Fewer | None
    previous: int | Percent | Fewer | None
    anchor: str  # the table it comes from, on the dashboard
    source: str
    is_example: bool = False
    detail: str = ""

    @property
    def change(self) -> str:
        """The change since the previous period, in words a reader can say aloud."""
        now, before = _number(self.value), _number(self.previous)
        if now is None or before is None:
            return _("no comparison")
        difference = now - before
        if not difference:
            return _("no change")
        sign = "+" if difference > 0 else "\u2212"
        if isinstance(self.value, Percent):
            return _("%(number)s points") % {"number": f"{sign}{abs(difference)}"}
        return f"{sign}{abs(difference)}"

    @property
    def direction(self) -> str:
        now, before = _number(self.value), _number(self.previous)
        if now is None or before is None or now == before:
            return "same"
        return "up" if now > before else "down"


def _number(value):
    if value is None or isinstance(value, Fewer):
        return None
    if isinstance(value, Percent):
        return value.value
    return value


def _objectives(scope: Scope) -> dict:
    day = scope.as_of_day
    overdue = milestones_overdue_on(day).filter(objective=OuterRef("pk"))
    examples = Q(is_example=True) | Q(status_is_example=True)
    return (
        objectives_as_of(scope)
        .annotate(has_overdue=Exists(overdue))
        .aggregate(
            on_track=Count("pk", filter=Q(current_status=ProgressStatus.ON_TRACK)),
            on_track_examples=Count(
                "pk", filter=Q(current_status=ProgressStatus.ON_TRACK) & examples
            ),
            behind=Count("pk", filter=Q(is_stale=True) | Q(has_overdue=True)),
            behind_examples=Count("pk", filter=(Q(is_stale=True) | Q(has_overdue=True)) & examples),
        )
    )


def _events(scope: Scope) -> dict:
    held = past_events(scope)
    confirmed = Registration.objects.filter(
        event=OuterRef("pk"), status=Registration.Status.CONFIRMED
    )
    return held.annotate(
        confirmed_count=SubqueryCount(confirmed.values("pk")),
        came=SubqueryCount(confirmed.filter(checked_in_at__isnull=False).values("pk")),
    ).aggregate(
        held=Count("pk"),
        examples=Count("pk", filter=Q(is_example=True)),
        reached=Sum("came"),
        seats=Sum("capacity", filter=Q(capacity__isnull=False)),
        taken=Sum("confirmed_count", filter=Q(capacity__isnull=False)),
    )


def _themes(scope: Scope) -> dict:
    linked = Exists(Theme.objectives.through.objects.filter(theme_id=OuterRef("pk")))
    return (
        themes_in_scope(scope)
        .order_by()
        .aggregate(
            heard=Count("pk"),
            answered=Count("pk", filter=linked),
            examples=Count(
                "pk", filter=Q(report__is_example=True) | Q(report__event__is_example=True)
            ),
        )
    )


def _partners(scope: Scope) -> dict:
    updates, events = activity(scope)
    examples = Q(Exists(updates.filter(is_example=True))) | Q(
        Exists(events.filter(event__is_example=True))
    )
    return active_organizations(scope).aggregate(
        active=Count("pk"), examples=Count("pk", filter=examples)
    )


def _fill(counts: dict):
    return rate(counts["taken"] or 0, counts["seats"], whole_is_people=False)


def _share(part: int, whole: int):
    return Percent(round(Decimal(100) * part / whole)) if whole else None


def _figure(key, label, counts, value, *, examples, anchor, source, detail="") -> Figure:
    """A figure for the period and the one before: `value` reads it from each period's counts;
    it is an example when the period's `examples` count is not zero."""
    now, before = counts
    return Figure(
        key=key,
        label=label,
        value=value(now),
        previous=value(before),
        anchor=anchor,
        source=source,
        is_example=bool(now[examples]),
        detail=detail,
    )


def headline(scope: Scope) -> dict:
    """The figures for the view's period and the one before, with the period's days; a fixed
    number of queries (2 for each kind of thing counted)."""
    period, previous = scope.over(scope.period()), scope.over(scope.previous_period())
    objectives = _objectives(period), _objectives(previous)
    events = _events(period), _events(previous)
    heard = _themes(period), _themes(previous)
    partners = _partners(period), _partners(previous)
    figures = [
        _figure(
            "on-track",
            _("Objectives on track"),
            objectives,
            itemgetter("on_track"),
            examples="on_track_examples",
            anchor="objectives-by-status",
            source=_("Partners' progress updates"),
        ),
        _figure(
            "behind",
            _("Objectives overdue or stale"),
            objectives,
            itemgetter("behind"),
            examples="behind_examples",
            anchor="stale-objectives",
            source=_("Partners' progress updates and milestones"),
        ),
        _figure(
            "sessions",
            _("Sessions held"),
            events,
            itemgetter("held"),
            examples="examples",
            anchor="attendance",
            source=_("Event pages"),
        ),
        _figure(
            "reached",
            _("People reached"),
            events,
            lambda counts: people(counts["reached"]),
            examples="examples",
            anchor="attendance",
            source=_("Check-ins at sessions"),
            detail=_("checked in at the sessions held"),
        ),
        _figure(
            "fill",
            _("Fill rate"),
            events,
            _fill,
            examples="examples",
            anchor="attendance",
            source=_("Registrations on the portal"),
            detail=_("of seats taken at sessions with a limit"),
        ),
        _figure(
            "needs",
            _("Needs met"),
            heard,
            lambda counts: _share(counts["answered"], counts["heard"]),
            examples="examples",
            anchor="unanswered-themes",
            source=_("Session reports"),
            detail=_("of %(heard)s themes heard have an objective answering them")
            % {"heard": heard[0]["heard"]},
        ),
        _figure(
            "partners",
            _("Partners active"),
            partners,
            itemgetter("active"),
            examples="examples",
            anchor="engagement",
            source=_("Progress updates and events on the portal"),
            detail=_("with an update or an event"),
        ),
    ]
    return {"figures": figures, "period": period, "previous": previous}
