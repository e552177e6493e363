"""The progress panel: objectives by status, each objective, those gone stale, milestones
overdue and the latest updates.

Everything is counted as it stood at the end of the range (`Scope.as_of`, now when the range
has no end or ends later): an objective's status is its latest standing update on or before
that moment (withdrawn updates count nowhere), it is stale if no standing update came within
its cadence before that moment, and a milestone is overdue if it was due before that day and
not done by it. The headline figures count from the same querysets (dashboards.panels.headline).
"""

import datetime as dt

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from coalition import charts
from coalition.translation import (
    LANGUAGE_CODES,
    both,
    in_language,
    language_of,
    localized,
    localized_of,
)
from dashboards.scope import Scope
from dashboards.tables import (
    GROUPS_SHOWN,
    LIST_ROWS,
    Link,
    Narrative,
    Source,
    Table,
    Texts,
    columns_of,
    first_rows,
    largest_groups,
    page_rows,
    source_column,
    yes_no,
)
from initiatives.models import Milestone, Objective, ProgressStatus, ProgressUpdate
from partners.models import Organization

# Where an objective stands, "none" for no update yet; the packet counts by them too. The labels
# head columns of counts: "Done" is plural there in Spanish ("cumplidos").
STATES = [
    ("none", gettext_lazy("No update yet")),
    *(
        (key, pgettext_lazy("count of objectives", "Done") if key == ProgressStatus.DONE else label)
        for key, label in ProgressStatus.choices
    ),
]


def _objectives(scope: Scope):
    return Objective.objects.filter(
        scope.q(initiative="initiative", site="site", organization="owners")
    )


def standing_before(moment: dt.datetime):
    """The standing updates posted before a moment, latest first, of the outer objective."""
    return (
        ProgressUpdate.objects.standing()
        .filter(objective=OuterRef("pk"), created_at__lte=moment)
        .order_by("-created_at", "-id")
    )


def objectives_as_of(scope: Scope, moment: dt.datetime | None = None, *, provenance=False):
    """The objectives in view that existed at `moment` (the scope's as-of moment unless told),
    each with its status then, when it was last reported on, when its next update was due and
    whether it was stale; with `provenance`, who told its status too (for the lists)."""
    moment = moment or scope.as_of
    latest = standing_before(moment)
    objectives = (
        _objectives(scope)
        .filter(created_at__lte=moment)
        .with_cadence(now=moment)
        .annotate(
            current_status=Subquery(latest.values("status")[:1]),
            status_is_example=Subquery(latest.values("is_example")[:1]),
        )
    )
    if provenance:
        named = latest.annotate(
            organization_name=in_language("organization__name"),
            organization_lang=language_of("organization__name"),
        )
        objectives = objectives.annotate(
            status_source=Subquery(latest.values("source")[:1]),
            status_source_url=Subquery(latest.values("source_url")[:1]),
            status_organization=Subquery(named.values("organization_name")[:1]),
            status_organization_lang=Subquery(named.values("organization_lang")[:1]),
        )
    return objectives


def status_source(objective) -> Source:
    """Who told the objective's status (the update's source, or its organization) and when."""
    if objective.last_reported_at is None:
        return Source(
            objective.source or _("No update yet"),
            None,
            objective.is_example,
            objective.source_url,
            source_lang=objective.source_lang if objective.source else "",
        )
    if objective.status_source:
        source, lang = objective.status_source, "en"
    elif objective.status_organization:
        source, lang = objective.status_organization, objective.status_organization_lang
    else:
        source, lang = _("A partner's report"), ""
    return Source(
        source,
        timezone.localdate(objective.last_reported_at),
        bool(objective.is_example or objective.status_is_example),
        objective.status_source_url or "",
        source_lang=lang,
    )


def objectives_by_status(scope: Scope, limit=GROUPS_SHOWN) -> Table:
    """Objectives by their status at the end of the range (or now), for the initiatives with
    the most objectives (all of them in the export)."""
    objectives = objectives_as_of(scope)
    largest, total = largest_groups(
        objectives, "initiative_id", limit, ties=in_language("initiative__name")
    )
    if largest is not None:
        objectives = objectives.filter(initiative_id__in=largest)
    counts = (
        objectives.annotate(state=Coalesce("current_status", Value("none")))
        .values(
            "initiative_id",
            *both("initiative__name"),
            *both("initiative__short_name"),
            "initiative__slug",
            "state",
        )
        .annotate(
            n=Count("pk"),
            examples=Count("pk", filter=Q(is_example=True) | Q(status_is_example=True)),
        )
        .order_by(in_language("initiative__name"), "state")
    )
    by_initiative: dict[int, dict] = {}
    labels, examples = {}, {}
    for row in counts:
        by_initiative.setdefault(row["initiative_id"], {})[row["state"]] = row["n"]
        examples[row["initiative_id"]] = examples.get(row["initiative_id"], 0) + row["examples"]
        # Its short name, else its name, in the reader's language if it has one.
        label = {
            code: row[f"initiative__short_name_{code}"] or row[f"initiative__name_{code}"]
            for code in LANGUAGE_CODES
        }
        labels[row["initiative_id"]] = (localized_of(label), row["initiative__slug"])
    order = largest if largest is not None else list(by_initiative)
    rows, bars = [], []
    source = _("Partners' progress updates")
    for initiative_id in order:
        states = by_initiative[initiative_id]
        label, slug = labels[initiative_id]
        count = sum(states.values())
        url = reverse("initiatives:detail", kwargs={"slug": slug})
        rows.append(
            [
                Link(label, url),
                *(states.get(key, 0) for key, _ in STATES),
                count,
                Source(source, scope.as_of_day, bool(examples[initiative_id])),
            ]
        )
        bars.append((str(label), states, str(count)))
    table = Table(
        name="objectives-by-status",
        caption=_("Objectives by status, for each initiative"),
        columns=[
            *columns_of(
                _("Initiative"),
                *(label for _, label in STATES),
                _("Total"),
                numeric=range(1, len(STATES) + 2),
            ),
            source_column(),
        ],
        rows=rows,
        total=total or len(rows),
        has_example=any(examples.values()),
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
            "objectives": sum(row[-2] for row in rows),
            "initiatives": len(rows),
            **{
                key: sum(states.get(key, 0) for _, states, _ in bars)
                for key in ("on_track", "at_risk", "off_track", "done")
            },
        }
        if table.more:
            table.note = _("The initiatives with the most objectives; the CSV has them all.")
    return table


def _status_label(objective) -> str:
    status = objective.current_status
    return str(ProgressStatus(status).label) if status else str(_("No update yet"))


def objectives(scope: Scope, limit=LIST_ROWS) -> Table:
    """Each objective in view with its status, last update and next update due, as of the end
    of the range; stale ones first."""
    rows, total = first_rows(
        objectives_as_of(scope, provenance=True)
        .select_related("initiative")
        .order_by("-is_stale", in_language("initiative__name"), in_language("title"), "pk"),
        limit,
        lambda o: [
            Link(localized(o, "title"), o.get_absolute_url()),
            localized(o.initiative, "label"),
            _status_label(o),
            timezone.localdate(o.update_due_at),
            yes_no(o.is_stale),
            status_source(o),
        ],
    )
    return Table(
        name="objectives",
        caption=_("Each objective's status"),
        columns=[
            *columns_of(_("Objective"), _("Initiative"), _("Status"), _("Update due"), _("Stale")),
            source_column(),
        ],
        rows=rows,
        total=total,
    )


def stale_objectives(scope: Scope, limit=LIST_ROWS) -> Table:
    """Objectives past their reporting cadence at the end of the range (or now)."""
    stale = (
        objectives_as_of(scope, provenance=True)
        .filter(is_stale=True)
        .select_related("initiative")
        .prefetch_related(
            Prefetch("owners", queryset=Organization.objects.order_by(in_language("name")))
        )
        .order_by("update_due_at", "pk")
    )
    never = _("never")
    rows, total = first_rows(
        stale,
        limit,
        lambda o: [
            Link(localized(o, "title"), o.get_absolute_url()),
            localized(o.initiative, "label"),
            Texts([localized(owner, "name") for owner in o.owners.all()]),
            timezone.localdate(o.last_reported_at) if o.last_reported_at else never,
            timezone.localdate(o.update_due_at),
            status_source(o),
        ],
    )
    return Table(
        name="stale-objectives",
        caption=_("Objectives gone stale"),
        columns=[
            *columns_of(
                _("Objective"), _("Initiative"), _("Owners"), _("Last update"), _("Update due")
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
    )


def milestones_overdue_on(day: dt.date):
    """Due before the day and not done by it."""
    return Milestone.objects.filter(due_date__lt=day).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gt=day)
    )


def overdue_milestones(scope: Scope, limit=LIST_ROWS) -> Table:
    """Milestones due within the range and overdue at its end (or today)."""
    day = scope.as_of_day
    milestones = (
        milestones_overdue_on(day)
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
            localized(m, "title"),
            Link(localized(m.objective, "title"), m.objective.get_absolute_url()),
            localized(m.objective.initiative, "label"),
            m.due_date,
            (day - m.due_date).days,
            Source(
                m.source or _("The objective's plan"),
                day,
                bool(m.is_example or m.objective.is_example),
                m.source_url,
                source_lang=m.source_lang if m.source else "",
            ),
        ],
    )
    return Table(
        name="overdue-milestones",
        caption=_("Milestones overdue"),
        columns=[
            *columns_of(
                _("Milestone"),
                _("Objective"),
                _("Initiative"),
                _("Due"),
                _("Days late"),
                numeric={4},
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
    )


def updates_in_scope(scope: Scope):
    """The standing updates posted within the range (up to now)."""
    return ProgressUpdate.objects.standing().filter(
        scope.q(
            initiative="objective__initiative",
            site="objective__site",
            organization="organization",
            moment="created_at",
        )
    )


def update_source(update: ProgressUpdate) -> Source:
    """An update's source: as it states it, or its organization (a partner's report)."""
    if update.source:
        source, lang = update.source, update.source_lang
    elif update.organization:
        name = localized(update.organization, "name")
        source, lang = name.text, name.lang
    else:
        source, lang = _("A partner's report"), ""
    return Source(
        source,
        timezone.localdate(update.created_at),
        bool(update.is_example),
        update.source_url,
        source_lang=lang,
    )


UPDATES_PER_PAGE = LIST_ROWS


def latest_updates(scope: Scope, limit=LIST_ROWS, *, page=1) -> Table:
    """Every standing update in view, latest first, a page at a time on the page (`?updates=`);
    the narrative cut to its first characters there, whole in the CSV."""
    updates = (
        updates_in_scope(scope)
        .select_related("objective__initiative", "author", "organization")
        .order_by("-created_at", "-id")
    )

    def row(u):
        return [
            u.created_at,
            Link(localized(u.objective, "title"), u.objective.get_absolute_url()),
            localized(u.objective.initiative, "label"),
            u.get_status_display(),
            Narrative(localized(u, "narrative")),
            str(u.author) if u.author else "",
            u.get_visibility_display(),
            update_source(u),
        ]

    pages = None
    if limit is None:
        rows, total = first_rows(updates, None, row)
    else:
        rows, pages = page_rows(updates, page, limit, row)
        total = pages.paginator.count
    return Table(
        name="latest-updates",
        caption=_("Latest progress updates"),
        columns=[
            *columns_of(
                _("Posted"),
                _("Objective"),
                _("Initiative"),
                _("Status"),
                _("What happened"),
                _("Author"),
                _("Visible to"),
            ),
            source_column(),
        ],
        rows=rows,
        total=total,
        pages=pages,
        page_param="updates",
    )
