"""Reads behind the public initiative, objective and site pages.

Only what anyone may see: approved organizations, published events, public progress updates.
Pages show how the network connects: events and what was heard at them are read through the
reverse relations (`initiative.events.upcoming()`, `objective.themes.published()`), whose
querysets the events app defines, so that nothing here imports an app above (see README).
"""

from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.permissions import roles_of
from coalition.provenance import Cited, cited
from coalition.translation import Localized, in_language, language_of, localized
from initiatives.charts import format_value, line_chart
from initiatives.filters import InitiativeFilter, MeasurementFilter, SiteFilter
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    PartnerRole,
    ProgressStatus,
    ProgressUpdate,
    StudentGroup,
)
from partners.models import Organization

FOCUS_AREA_HEADINGS = {
    FocusArea.Kind.STRATEGY: _("Leverage strategies"),
    FocusArea.Kind.PRIORITY_AREA: _("Priority areas"),
    FocusArea.Kind.PRIORITY: _("Priorities"),
    FocusArea.Kind.PRINCIPLE: _("Guiding principles"),
    FocusArea.Kind.QUESTION: _("Focus questions"),
    FocusArea.Kind.VALUE: _("Core values"),
}
PARTNER_HEADINGS = {
    PartnerRole.SITE_LEAD: _("Site lead"),
    PartnerRole.LEADERSHIP_TEAM: _("Leadership team"),
    PartnerRole.PARTNER: _("Partners"),
    PartnerRole.FUNDER: _("Funders"),
}


# A page of one initiative or site names this many upcoming events, then links to the events
# list filtered to it; an objective's page shows its history this many updates at a time.
EVENTS_SHOWN = 6
UPDATES_PER_PAGE = 20
OBJECTIVES_PER_PAGE = 30
# An initiative's page names this many of its partners, then links to the directory filtered
# to the initiative (a large one has hundreds).
PARTNERS_SHOWN = 40
# A site's page shows its objectives this many at a time, and the latest figures of this many
# indicators, then links to a page of them all (FIGURES_PER_PAGE at a time).
SITE_OBJECTIVES_PER_PAGE = 20
# An initiative's page names this many of its sites and of the initiatives within it, then
# links to the sites list and the initiatives list filtered to it.
SITES_SHOWN = 20
CHILDREN_SHOWN = 20
FIGURES_SHOWN = 4
FIGURES_PER_PAGE = 12


# The columns a link to a row reads: its slug and its name (or title) in every language.
_LINK_FIELDS = {
    text: ("slug", text, *(f"{text}_{code}" for code, _ in settings.LANGUAGES))
    for text in ("name", "title")
}
_MILESTONE_FIELDS = (
    "objective",
    "title",
    *(f"title_{code}" for code, _ in settings.LANGUAGES),
    "due_date",
    "completed_on",
    "source",
    "source_url",
    "is_example",
)


def first_of(rows, count: int) -> tuple[list, bool]:
    """The first `count` rows, and whether there are more (one query: count + 1 rows)."""
    rows = list(rows[: count + 1])
    return rows[:count], len(rows) > count


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: no join, so no row is repeated in the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _latest_update(*, partner_view: bool = False) -> QuerySet[ProgressUpdate]:
    # A withdrawn update tells nothing, to anyone: the status is the latest standing one's.
    updates = ProgressUpdate.objects.standing().filter(objective=OuterRef("pk"))
    if not partner_view:
        updates = updates.filter(visibility=ProgressUpdate.Visibility.PUBLIC)
    return updates.order_by("-created_at", "-id")


def objectives_with_status(*, partner_view: bool = False) -> QuerySet[Objective]:
    """Objectives with the status, time and value of their latest update (or None).

    Anyone sees the state told by public updates; partner staff and leads (`partner_view`) see
    the state told by every update, partners-only ones included. `is_stale` (no update of any
    kind within the objective's cadence) is for partner views only: the public is told nothing
    that comes from a partners-only update, not even that one was posted."""
    latest = _latest_update(partner_view=partner_view)
    objectives = Objective.objects.annotate(
        current_status=Subquery(latest.values("status")[:1]),
        status_updated_at=Subquery(latest.values("created_at")[:1]),
        status_value=Subquery(latest.values("value")[:1]),
        **_status_provenance(latest),
    )
    return objectives.with_cadence() if partner_view else objectives


def _status_provenance(latest: QuerySet[ProgressUpdate]) -> dict:
    """Who states the latest update (its source, else its organization when approved: a
    partner's report) and whether it is an example: columns of the objective's own row."""
    partners_report = Q(source="", organization__approved=True)
    reporter = latest.annotate(
        reporter=Case(
            When(partners_report, then=in_language("organization__name")), default=F("source")
        ),
        # The language it is named in: a source's English, or the organization's name's.
        reporter_lang=Case(
            When(partners_report, then=language_of("organization__name")), default=Value("en")
        ),
    )
    return {
        "status_source": Subquery(reporter.values("reporter")[:1]),
        "status_source_lang": Subquery(reporter.values("reporter_lang")[:1]),
        "status_source_url": Subquery(latest.values("source_url")[:1]),
        "status_is_example": Subquery(latest.values("is_example")[:1]),
    }


def label_status(objectives: list[Objective]) -> list[Objective]:
    # The label of the annotated value, in the active language; no query.
    for objective in objectives:
        status = objective.current_status
        objective.current_status_label = ProgressStatus(status).label if status else None
        objective.status_provenance = (
            Cited(
                source=objective.status_source or "",
                source_url=objective.status_source_url or "",
                is_example=bool(objective.status_is_example),
                source_lang=objective.status_source_lang or "",
            )
            if status
            else None
        )
        unit = objective.indicator.unit if objective.indicator_id else None
        objective.status_value_display = format_value(objective.status_value, unit)
    return objectives


def _approved(organization: Organization | None) -> Organization | None:
    return organization if organization and organization.approved else None


# The initiatives list


def initiative_list(*, params: QueryDict | dict | None = None) -> InitiativeFilter:
    """The bound filter of /initiatives/; its .qs is the page's rows in tree order.

    Each row carries its counts: approved partners (kept on the initiative), objectives, and
    objectives by current public status, counted by the database.
    """
    of_initiative = {"initiative": OuterRef("pk")}
    statuses = objectives_with_status().filter(**of_initiative)
    counts = {
        "objective_count": SubqueryCount(Objective.objects.filter(**of_initiative)),
        "no_update_count": SubqueryCount(statuses.filter(current_status__isnull=True)),
        # Statuses told by example updates: the counts are then examples too.
        "example_status_count": SubqueryCount(statuses.filter(status_is_example=True)),
    }
    for status in ProgressStatus.values:
        counts[f"{status}_count"] = SubqueryCount(statuses.filter(current_status=status))
    # Each child right under its parent: sort by the top ancestor's name, then the branch.
    # The network nests three levels at most (an initiative, its parts, theirs).
    queryset = (
        Initiative.objects.select_related("parent")
        .annotate(
            **counts,
            depth=Case(
                When(parent__parent__isnull=False, then=Value(2)),
                When(parent__isnull=False, then=Value(1)),
                default=Value(0),
            ),
            tree_root=Coalesce(
                in_language("parent__parent__name"),
                in_language("parent__name"),
                in_language("name"),
            ),
            tree_branch=Case(
                When(parent__parent__isnull=False, then=in_language("parent__name")),
                When(parent__isnull=False, then=in_language("name")),
                default=Value(""),
            ),
        )
        .order_by("tree_root", "tree_branch", "depth", in_language("name"))
    )
    return InitiativeFilter(params or None, queryset=queryset)


# One initiative


@dataclass
class FocusAreaGroup:
    kind: str
    heading: str
    focus_areas: list[FocusArea]


@dataclass
class IndicatorView:
    indicator: Indicator
    series: list[Measurement]
    latest: str = ""
    latest_period: Localized | str = ""
    # The latest figure's row, for its source, as-of date and example badge.
    latest_measurement: Measurement | None = None
    has_examples: bool = False
    target: str = ""
    chart: object = None
    # (period, value, the measurement: its provenance)
    rows: list[tuple[Localized, str, Measurement]] = field(default_factory=list)


def _indicator_view(indicator: Indicator, series: list[Measurement], target=None) -> IndicatorView:
    unit = indicator.unit
    view = IndicatorView(
        indicator=indicator,
        series=series,
        target=format_value(target, unit),
        chart=line_chart(series, unit=unit, target=target),
        rows=[(localized(m, "period_label"), format_value(m.value, unit), m) for m in series],
        has_examples=any(m.is_example for m in series),
    )
    if series:
        view.latest = format_value(series[-1].value, unit)
        view.latest_period = localized(series[-1], "period_label")
        view.latest_measurement = series[-1]
    return view


def _network_series() -> QuerySet[Measurement]:
    """All-students figures for the whole network (not one site), oldest first."""
    return Measurement.objects.filter(student_group=StudentGroup.ALL, site__isnull=True).order_by(
        "period_start"
    )


def _milestone_state(milestone: Milestone, today) -> Milestone:
    if milestone.completed_on:
        milestone.state = "done"
    elif milestone.due_date < today:
        milestone.state = "overdue"
    else:
        milestone.state = "upcoming"
    return milestone


def initiative_detail(*, slug: str, partner_view: bool = False, page: str | None = None) -> dict:
    """Everything the page of one initiative shows, in a fixed number of queries: its
    objectives OBJECTIVES_PER_PAGE at a time (`page`), by focus area, with their milestones."""
    of_initiative = {"initiatives": OuterRef("pk")}
    initiative = get_object_or_404(
        Initiative.objects.select_related("parent").annotate(
            site_count=SubqueryCount(DemonstrationSite.objects.filter(**of_initiative).order_by()),
            child_count=SubqueryCount(Initiative.objects.filter(parent=OuterRef("pk")).order_by()),
        ),
        slug=slug,
    )
    page_obj = Paginator(
        objectives_with_status(partner_view=partner_view)
        .filter(initiative=initiative)
        .select_related("indicator")
        .order_by(F("focus_area__position").asc(nulls_last=True), in_language("title"), "id"),
        OBJECTIVES_PER_PAGE,
    ).get_page(page)
    objectives = label_status(list(page_obj.object_list))
    by_focus_area: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        by_focus_area.setdefault(objective.focus_area_id, []).append(objective)

    focus_areas = list(initiative.focus_areas.order_by("position", "id"))
    for focus_area in focus_areas:
        focus_area.objective_list = by_focus_area.get(focus_area.pk, [])
    kind_order = list(FocusArea.Kind.values)
    focus_areas.sort(key=lambda area: kind_order.index(area.kind))
    focus_area_groups = [
        FocusAreaGroup(kind=kind, heading=FOCUS_AREA_HEADINGS[kind], focus_areas=list(areas))
        for kind, areas in groupby(focus_areas, key=lambda area: area.kind)
    ]

    today = timezone.localdate()
    milestones = [
        _milestone_state(milestone, today)
        for milestone in Milestone.objects.filter(objective__in=[o.pk for o in objectives])
        .select_related("objective")
        # Of its objective, what the timeline names (a link): not its description.
        .only(*_MILESTONE_FIELDS, *(f"objective__{name}" for name in _LINK_FIELDS["title"]))
        .order_by("due_date", "id")
    ]

    indicators = [
        _indicator_view(indicator, indicator.series, indicator.target)
        for indicator in initiative.indicators.order_by(in_language("name"))
        .annotate(
            # Some figures exist only per site; the page then points to the sites.
            has_site_figures=Exists(
                Measurement.objects.filter(indicator=OuterRef("pk"), site__isnull=False)
            )
        )
        .prefetch_related(Prefetch("measurements", queryset=_network_series(), to_attr="series"))
    ]

    role_order = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(PartnerRole.values)),
        default=Value(len(PartnerRole.values)),
    )
    partnerships, more_partners = first_of(
        InitiativePartner.objects.filter(initiative=initiative, organization__approved=True)
        .select_related("organization")
        # Of the organization, what the page names (a link): not its description.
        .only("role", *(f"organization__{name}" for name in _LINK_FIELDS["name"]))
        .order_by(role_order, in_language("organization__name")),
        PARTNERS_SHOWN,
    )
    partner_groups = [
        (PARTNER_HEADINGS[role], [p.organization for p in group])
        for role, group in groupby(partnerships, key=lambda partnership: partnership.role)
    ]

    return {
        "initiative": initiative,
        "focus_area_groups": focus_area_groups,
        "other_objectives": by_focus_area.get(None, []),
        "page_obj": page_obj,
        "milestones": milestones,
        "indicators": indicators,
        "partner_groups": partner_groups,
        "more_partners": more_partners,
        "sites": list(initiative.sites.order_by(in_language("name"), "id")[:SITES_SHOWN]),
        "more_sites": initiative.site_count > SITES_SHOWN,
        "children": list(initiative.children.order_by(in_language("name"), "id")[:CHILDREN_SHOWN]),
        "more_children": initiative.child_count > CHILDREN_SHOWN,
        **_upcoming(initiative.events.upcoming()),
    }


def _upcoming(events) -> dict:
    upcoming, more = first_of(events, EVENTS_SHOWN)
    return {"upcoming_events": upcoming, "more_events": more}


# One objective


def objective_detail(
    *, slug: str, partner_view: bool = False, viewer=None, page: str | None = None
) -> dict:
    """The page of one objective: its context, chart, milestones and history (public standing
    updates; partners-only ones too for `partner_view`; withdrawn ones too, marked, for the
    `viewer` who may see the whole history: staff of an owner and leads), newest first,
    UPDATES_PER_PAGE at a time (`page`). Each update says whether the viewer may still
    withdraw it."""
    objective = get_object_or_404(
        objectives_with_status(partner_view=partner_view).select_related(
            "initiative", "focus_area", "site", "indicator"
        ),
        slug=slug,
    )
    label_status([objective])
    indicator = objective.indicator
    indicator_view = None
    if indicator:
        # The site's own figures where the objective has a site and they exist, else the network's.
        measurements = list(
            Measurement.objects.filter(
                Q(site__isnull=True) | Q(site=objective.site_id),
                indicator=indicator,
                student_group=StudentGroup.ALL,
            ).order_by("period_start")
        )
        at_site = [m for m in measurements if m.site_id]
        series = at_site or [m for m in measurements if not m.site_id]
        target = objective.target_value if objective.target_value is not None else indicator.target
        indicator_view = _indicator_view(indicator, series, target)

    signed_in = viewer is not None and viewer.is_authenticated
    history_view = signed_in and viewer.has_perm("initiatives.view_withdrawn_updates", objective)
    shown = objective.updates.all() if history_view else objective.updates.standing()
    if not partner_view:
        shown = shown.filter(visibility=ProgressUpdate.Visibility.PUBLIC)
    page_obj = Paginator(
        shown.select_related("author", "organization", "corrects", "withdrawn_by").order_by(
            "-created_at", "-id"
        ),
        UPDATES_PER_PAGE,
    ).get_page(page)
    updates = list(page_obj.object_list)
    now = timezone.now()
    for update in updates:
        update.withdrawable = (
            signed_in
            and update.can_be_withdrawn(now=now)
            and viewer.has_perm("initiatives.withdraw_update", update)
        )
        update.value_display = format_value(update.value, indicator.unit if indicator else None)
        # Organizations awaiting approval are not public; neither is a partners-only update.
        update.public_organization = _approved(update.organization)
        # With no source of its own, an update is its organization's report (or its author's).
        if update.public_organization:
            reporter = localized(update.public_organization, "name")
        else:
            reporter = update.author.name if update.author else ""
        update.provenance = cited(update, reporter=reporter)
        update.public_corrects = (
            update.corrects
            if update.corrects
            and (partner_view or update.corrects.visibility == ProgressUpdate.Visibility.PUBLIC)
            and (history_view or update.corrects.withdrawn_at is None)
            else None
        )

    today = timezone.localdate()
    themes = list(
        objective.themes.published()
        .select_related("report__event")
        .order_by("-report__event__starts_at", "position", "id")
    )
    return {
        "objective": objective,
        "owners": list(objective.owners.filter(approved=True).order_by(in_language("name"))),
        "indicator": indicator_view,
        "milestones": [
            _milestone_state(milestone, today)
            for milestone in objective.milestones.order_by("due_date", "id")
        ],
        "updates": updates,
        "page_obj": page_obj,
        # The history is numbered from the oldest: the first on this page, counted back.
        "updates_start": page_obj.paginator.count - page_obj.start_index() + 1,
        "themes": themes,
    }


def update_for_withdrawal(*, slug: str, pk: int, viewer) -> ProgressUpdate:
    """An update of the objective, with what its withdrawal page shows; 404 for a partners-only
    update to anyone who may not read it (nobody is told it exists)."""
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("objective", "organization", "author"),
        pk=pk,
        objective__slug=slug,
    )
    if update.visibility != ProgressUpdate.Visibility.PUBLIC and not (
        viewer.is_authenticated and viewer.has_perm("initiatives.view_partner_updates")
    ):
        raise Http404
    return update


def objective_for_update(*, slug: str) -> Objective:
    return get_object_or_404(
        Objective.objects.select_related("indicator", "initiative").prefetch_related("owners"),
        slug=slug,
    )


def organizations_posting_for(*, objective: Objective, user) -> QuerySet[Organization]:
    """The owner organizations the person may post an update for: theirs, or any owner for a
    lead."""
    roles = roles_of(user)
    owners = objective.owners.order_by(in_language("name"))
    return owners if roles.lead else owners.filter(pk__in=roles.staff_of)


# Demonstration sites


def site_list(*, params: QueryDict | dict | None = None) -> SiteFilter:
    queryset = (
        DemonstrationSite.objects.select_related("lead_organization")
        .annotate(
            objective_count=SubqueryCount(Objective.objects.filter(site=OuterRef("pk")).order_by())
        )
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.order_by(in_language("name")))
        )
        .order_by(in_language("name"))
    )
    return SiteFilter(params or None, queryset=queryset)


@dataclass
class SiteMeasurements:
    indicator: Indicator
    period_label: Localized
    # (student group, value, the measurement: its source, as-of date and example badge)
    rows: list[tuple[str, str, Measurement]]
    site: DemonstrationSite | None = None


def latest_figures(*, sites, indicators: range | None = None) -> list[SiteMeasurements]:
    """For each of the sites (a list or queryset) and each indicator measured there, the
    latest period's figures, every student group: one query, whatever the number of sites.
    `indicators`, for one site, bounds them: the range of their numbers (from 0, by name) to
    read, so that a busy site's page shows a page of them."""
    group_order = list(StudentGroup.values)
    # The latest period of each site's indicator, by a window over the site's figures (not a
    # lookup per figure: the planner could not tell how many would match, and joined them badly).
    rows = (
        Measurement.objects.filter(site__in=sites)
        .annotate(
            latest_period=Window(
                Max("period_start"), partition_by=[F("site_id"), F("indicator_id")]
            )
        )
        .filter(period_start=F("latest_period"))
    )
    if indicators is not None:
        rows = rows.annotate(
            indicator_number=Window(
                DenseRank(),
                order_by=[in_language("indicator__name").asc(), F("indicator_id").asc()],
            )
        ).filter(indicator_number__gt=indicators.start, indicator_number__lte=indicators.stop)
    langs = [code for code, _ in settings.LANGUAGES]
    measurements = sorted(
        rows.select_related("indicator", "site")
        # What the tables show (the figures, their provenance, the indicator's and the site's
        # names): not the descriptions, so that the rows sorted are narrow.
        .only(
            *("indicator", "site", "period_start", "value", "student_group", "as_of"),
            *("source", "source_url", "is_example", "period_label"),
            *(f"period_label_{code}" for code in langs),
            *(f"indicator__{name}" for name in _LINK_FIELDS["name"]),
            *("indicator__unit", "indicator__source", "indicator__source_url"),
            "indicator__is_example",
            *(f"site__{name}" for name in _LINK_FIELDS["name"]),
        )
        .order_by(in_language("site__name"), in_language("indicator__name"), "indicator_id"),
        key=lambda m: (
            m.site.name,
            m.site_id,
            m.indicator.name,
            m.indicator_id,
            group_order.index(m.student_group),
        ),
    )
    latest = []
    for (site, indicator), group in groupby(measurements, key=lambda m: (m.site, m.indicator)):
        rows = list(group)
        latest.append(
            SiteMeasurements(
                indicator=indicator,
                period_label=localized(rows[0], "period_label"),
                rows=[
                    (StudentGroup(m.student_group).label, format_value(m.value, indicator.unit), m)
                    for m in rows
                ],
                site=site,
            )
        )
    return latest


def _counted_page(count: int, per_page: int, page: str | None) -> Page:
    """A page of `count` rows counted already (a column of the row they belong to): its
    `object_list` is the range of their numbers (from 0), to slice the rows with."""
    return Paginator(range(count), per_page).get_page(page)


def _site(slug: str) -> DemonstrationSite:
    """The site, with how many objectives it has and how many indicators are measured there:
    the counts of its bounded lists, on its own row."""
    return get_object_or_404(
        DemonstrationSite.objects.select_related("lead_organization", "community").annotate(
            objective_count=SubqueryCount(Objective.objects.filter(site=OuterRef("pk")).order_by()),
            indicator_count=SubqueryCount(
                Measurement.objects.filter(site=OuterRef("pk"))
                .order_by()
                .values("indicator")
                .distinct()
            ),
        ),
        slug=slug,
    )


def site_detail(*, slug: str, page: str | None = None) -> dict:
    """The page of one site: its objectives SITE_OBJECTIVES_PER_PAGE at a time (`page`), the
    latest figures of its first FIGURES_SHOWN indicators (the rest on site_figures), upcoming
    events. A fixed number of queries, whatever the size of the site."""
    site = _site(slug)
    page_obj = _counted_page(site.objective_count, SITE_OBJECTIVES_PER_PAGE, page)
    numbers = page_obj.object_list
    order = (in_language("initiative__name"), in_language("title"), "id")
    # The page's rows are chosen first (an inner query), so that the status of only those is
    # looked up, not of every objective of the site.
    shown = Objective.objects.filter(site=site).order_by(*order).values("pk")
    objectives = label_status(
        list(
            objectives_with_status()
            .filter(pk__in=shown[numbers.start : numbers.stop])
            .select_related("initiative", "indicator")
            .order_by(*order)
        )
        if numbers
        else []
    )
    latest = latest_figures(sites=[site], indicators=range(0, FIGURES_SHOWN))
    return {
        "site": site,
        "lead_organization": _approved(site.lead_organization),
        "initiatives": list(site.initiatives.order_by(in_language("name"))),
        "objectives": objectives,
        "page_obj": page_obj,
        **_upcoming(site.events.upcoming()),
        "latest_measurements": latest,
        "more_figures": site.indicator_count > len(latest),
    }


def site_figures(*, slug: str, page: str | None = None) -> dict:
    """The latest figures measured at a site, FIGURES_PER_PAGE indicators at a time."""
    site = _site(slug)
    page_obj = _counted_page(site.indicator_count, FIGURES_PER_PAGE, page)
    numbers = page_obj.object_list
    return {
        "site": site,
        "page_obj": page_obj,
        "latest_measurements": latest_figures(sites=[site], indicators=numbers) if numbers else [],
    }


@dataclass
class ComparedIndicator:
    indicator: Indicator
    # One cell per compared site, in their order: (value, period, measurement) or None.
    cells: list[tuple[str, Localized, Measurement] | None]


class CompareForm(forms.Form):
    site = forms.ModelMultipleChoiceField(
        label=_("Sites to compare"),
        queryset=DemonstrationSite.objects.order_by(in_language("name")),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose two sites or more to compare.")},
    )
    group = forms.ChoiceField(
        label=_("Student group"), choices=StudentGroup.choices, required=False
    )

    def clean_site(self):
        sites = self.cleaned_data["site"]
        if len(sites) < 2:
            raise forms.ValidationError(_("Choose two sites or more to compare."))
        return sites


def site_comparison(*, params: QueryDict) -> dict:
    """The latest figure of each indicator at each chosen site, side by side, for one student
    group (all students unless chosen). Two queries, whatever the number of sites."""
    form = CompareForm(params or None)
    if not form.is_valid():
        return {"form": form, "sites": [], "rows": []}
    sites = list(form.cleaned_data["site"])
    group = form.cleaned_data["group"] or StudentGroup.ALL
    latest: dict[tuple[int, int], Measurement] = {}
    for measurement in (
        Measurement.objects.filter(site__in=sites, student_group=group)
        .select_related("indicator")
        .order_by(in_language("indicator__name"), "indicator_id", "period_start")
    ):
        latest[(measurement.indicator_id, measurement.site_id)] = measurement
    indicators = {m.indicator_id: m.indicator for m in latest.values()}
    rows = []
    for indicator in sorted(indicators.values(), key=lambda i: (i.name, i.pk)):
        cells = []
        for site in sites:
            m = latest.get((indicator.pk, site.pk))
            cells.append(
                (format_value(m.value, indicator.unit), localized(m, "period_label"), m)
                if m
                else None
            )
        rows.append(ComparedIndicator(indicator=indicator, cells=cells))
    return {
        "form": form,
        "sites": sites,
        "rows": rows,
        "group_label": StudentGroup(group).label,
    }


def measurement_list(*, params: QueryDict | dict | None = None) -> MeasurementFilter:
    """Recorded figures, newest first, for the leads' measurements page."""
    queryset = Measurement.objects.select_related("indicator", "site").order_by(
        "-recorded_at", "-id"
    )
    return MeasurementFilter(params or None, queryset=queryset)
