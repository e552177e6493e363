"""The community input panel: where people asked for a session, what we heard at sessions and
the objectives that answer it."""

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Window
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coalition.translation import Localized, canonical, in_language, localized
from dashboards.scope import Scope
from dashboards.tables import (
    GROUPS_SHOWN,
    LINKS_SHOWN,
    LIST_ROWS,
    Link,
    Links,
    Source,
    Table,
    columns_of,
    first_rows,
    largest_groups,
    source_column,
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
    counts = (
        suggestions.values("community", "status")
        .annotate(
            name=in_language("community__name"),
            n=Count("pk"),
            examples=Count("pk", filter=Q(is_example=True)),
        )
        .order_by("name")
    )
    matrix = {community: {} for community in largest or []}
    names: dict[int, str] = {}
    examples: dict[int, int] = {}
    for row in counts:
        matrix.setdefault(row["community"], {})[row["status"]] = row["n"]
        names[row["community"]] = row["name"] or ""
        examples[row["community"]] = examples.get(row["community"], 0) + row["examples"]
    statuses = LocationSuggestion.Status
    source = _("Suggestions sent through the portal")
    rows = [
        [
            names.get(community, ""),
            *(cells.get(s, 0) for s in statuses.values),
            sum(cells.values()),
            Source(source, scope.as_of_day, bool(examples.get(community))),
        ]
        # The largest first (or, in the export, every community by name).
        for community, cells in matrix.items()
    ]
    filtered = scope.initiative or scope.site or scope.organization
    return Table(
        name="suggestions",
        caption=_("Where people asked for a session, by status"),
        columns=[
            *columns_of(
                _("Community"),
                *statuses.labels,
                _("Total"),
                numeric=range(1, len(statuses.values) + 2),
            ),
            source_column(),
        ],
        rows=rows,
        total=total or len(rows),
        has_example=any(examples.values()),
        not_applied=_(
            "The initiative, site and organization filters do not apply: people suggest a "
            "place by the name of their community, not for an initiative or a partner."
        )
        if filtered
        else "",
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


def theme_title(theme: Theme) -> Localized:
    """In the reader's language where the theme has it, else in the other one."""
    return localized(theme, "title")


def theme_key(theme: Theme) -> str:
    """What tells a theme heard at several sessions: its English title, else its Spanish one
    (the same as `canonical("title")` in a query)."""
    return localized(theme, "title", language=settings.MODELTRANSLATION_DEFAULT_LANGUAGE).text


def report_source(theme: Theme) -> Source:
    """What was heard at a session: stated by its report, as of the session's day."""
    report = theme.report
    return Source(
        report.source or _("The session's report"),
        timezone.localdate(report.event.starts_at),
        bool(report.is_example or report.event.is_example),
        report.source_url,
        source_lang=report.source_lang if report.source else "",
    )


def _session(theme: Theme) -> Link:
    event = theme.report.event
    day = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
    title = localized(event, "title")
    return Link(Localized(f"{title} ({day})", title.lang, title.fallback), event.get_absolute_url())


def themes(scope: Scope, limit=LIST_ROWS) -> Table:
    """What we heard, a row per theme (by its title) with every session it came up at and the
    objectives that answer it (on the page the first LINKS_SHOWN of each, and how many more);
    the themes heard most recently first."""
    # Grouped by their key (English title, else Spanish), whatever the reader's language.
    in_scope = themes_in_scope(scope).annotate(key=canonical("title"))
    groups = (
        in_scope.order_by()
        .values("key")
        .annotate(
            latest=Max("report__event__starts_at"),
            # As the reader reads it, to order the rows by.
            shown=Max(in_language("title")),
            groups_in_all=Window(Count("key")),
        )
        .order_by("-latest", "shown", "key")
    )
    groups = list(groups if limit is None else groups[:limit])
    # On the page, the first sessions and objectives of each theme and how many more.
    shown = None if limit is None else LINKS_SHOWN
    titles = [group["key"] for group in groups]
    found = in_scope.filter(key__in=titles).prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by(in_language("title")))
    )
    by_title: dict[str, list[Theme]] = {title: [] for title in titles}
    for theme in found:
        by_title[theme_key(theme)].append(theme)
    rows = []
    for heard in by_title.values():
        objectives = {o.pk: o for theme in heard for o in theme.objectives.all()}
        latest = heard[0]
        rows.append(
            [
                theme_title(latest),
                len(heard),
                Links.first([_session(theme) for theme in heard], shown),
                Links.first(
                    [
                        Link(localized(o, "title"), o.get_absolute_url())
                        for o in objectives.values()
                    ],
                    shown,
                ),
                Source(
                    latest.report.source or _("The sessions' reports"),
                    timezone.localdate(latest.report.event.starts_at),
                    any(t.report.is_example or t.report.event.is_example for t in heard),
                    latest.report.source_url,
                    source_lang=latest.report.source_lang if latest.report.source else "",
                ),
            ]
        )
    return Table(
        name="themes",
        caption=_("What we heard, and the objectives that answer it"),
        columns=[
            *columns_of(_("Theme"), _("Sessions"), _("Heard at"), _("Objectives"), numeric={1}),
            source_column(),
        ],
        rows=rows,
        total=groups[0]["groups_in_all"] if groups else 0,
        note=_("A theme heard at several sessions is one row, with each session listed."),
    )


def unanswered_themes(scope: Scope, limit=LIST_ROWS) -> Table:
    linked = Theme.objectives.through.objects.filter(theme_id=OuterRef("pk"))
    rows, total = first_rows(
        themes_in_scope(scope).filter(~Exists(linked)),
        limit,
        lambda t: [
            theme_title(t),
            Link(localized(t.report.event, "title"), t.report.event.get_absolute_url()),
            timezone.localdate(t.report.event.starts_at),
            report_source(t),
        ],
    )
    return Table(
        name="unanswered-themes",
        caption=_("Themes no objective answers yet"),
        columns=[*columns_of(_("Theme"), _("Session"), _("Held on")), source_column()],
        rows=rows,
        total=total,
    )
