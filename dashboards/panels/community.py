"""The community input panel: where people asked for a session, what we heard at sessions and
the objectives that answer it."""

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dashboards.scope import Scope
from dashboards.tables import (
    GROUPS_SHOWN,
    LIST_ROWS,
    Link,
    Links,
    Table,
    columns_of,
    first_rows,
    largest_groups,
)
from events.models import LocationSuggestion, Theme
from initiatives.models import Objective


def suggestions_by_community(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """Where people asked for sessions, by status, for the communities asked for most (only
    the date range applies)."""
    suggestions = LocationSuggestion.objects.filter(scope.q(moment="created_at"))
    largest, total = largest_groups(suggestions, "community", limit)
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
        columns=columns_of(
            _("Community"),
            *statuses.labels,
            _("Total"),
            numeric=range(1, len(statuses.values) + 2),
        ),
        rows=rows,
        total=total or len(rows),
    )


def themes_in_scope(scope: Scope):
    """What we heard at the sessions in view, from published reports only."""
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


def theme_title(theme: Theme) -> str:
    """In Spanish when the page is and the theme has it."""
    if translation.get_language() == "es" and theme.title_es:
        return theme.title_es
    return theme.title


def themes(scope: Scope, limit=LIST_ROWS) -> Table:
    rows, total = first_rows(
        themes_in_scope(scope).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("title"))
        ),
        limit,
        lambda t: [
            theme_title(t),
            Link(t.report.event.title, t.report.event.get_absolute_url()),
            timezone.localdate(t.report.event.starts_at),
            Links([Link(o.title, o.get_absolute_url()) for o in t.objectives.all()]),
        ],
    )
    return Table(
        name="themes",
        caption=_("What we heard, and the objectives that answer it"),
        columns=columns_of(_("Theme"), _("Session"), _("Held on"), _("Objectives")),
        rows=rows,
        total=total,
    )


def unanswered_themes(scope: Scope, limit=LIST_ROWS) -> Table:
    linked = Theme.objectives.through.objects.filter(theme_id=OuterRef("pk"))
    rows, total = first_rows(
        themes_in_scope(scope).filter(~Exists(linked)),
        limit,
        lambda t: [
            theme_title(t),
            Link(t.report.event.title, t.report.event.get_absolute_url()),
            timezone.localdate(t.report.event.starts_at),
        ],
    )
    return Table(
        name="unanswered-themes",
        caption=_("Themes no objective answers yet"),
        columns=columns_of(_("Theme"), _("Session"), _("Held on")),
        rows=rows,
        total=total,
    )
