"""The progress panel: objectives by status, those gone stale, milestones overdue and the
latest updates."""

from django.db.models import Count, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition import charts
from dashboards.scope import Scope
from dashboards.tables import (
    GROUPS_SHOWN,
    LIST_ROWS,
    Link,
    Table,
    columns_of,
    first_rows,
    largest_groups,
)
from initiatives.models import Milestone, Objective, ProgressStatus, ProgressUpdate
from partners.models import Organization

# Where an objective stands, "none" for no update yet; the packet counts by them too.
STATES = [("none", gettext_lazy("No update yet")), *ProgressStatus.choices]


def _objectives(scope: Scope):
    return Objective.objects.filter(
        scope.q(initiative="initiative", site="site", organization="owners")
    )


def objectives_by_status(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """Objectives by their status at the end of the range (or now), for the initiatives with
    the most objectives (all of them in the export)."""
    latest = ProgressUpdate.objects.filter(objective=OuterRef("pk"))
    objectives = _objectives(scope)
    if scope.end:
        latest = latest.filter(created_at__lt=scope.end)
        objectives = objectives.filter(created_at__lt=scope.end)
    largest, total = largest_groups(objectives, "initiative_id", limit, ties="initiative__name")
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
        columns=columns_of(
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
    rows, total = first_rows(
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
        columns=columns_of(
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
    rows, total = first_rows(
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
        columns=columns_of(
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
    rows, total = first_rows(
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
        columns=columns_of(
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
