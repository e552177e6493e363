"""The board packet: a section per initiative in view, to print or download as PDF."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Prefetch, Q

from dashboards.panels.community import theme_title, themes_in_scope
from dashboards.panels.equity import (
    IndicatorByGroup,
    indicator_by_group,
    latest_periods,
    measurements_in_scope,
)
from dashboards.panels.events import CONFIRMED, events_in_scope
from dashboards.panels.partners import ENGAGEMENT_DAYS
from dashboards.panels.progress import STATES
from dashboards.scope import Scope
from dashboards.tables import people, rate
from events.models import Event, Theme
from initiatives.models import Initiative, Milestone, Objective
from initiatives.selectors import label_status, objectives_with_status


@dataclass
class PacketSection:
    initiative: Initiative
    states: list[tuple[str, int]]
    objectives: list[Objective] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    indicators: list[IndicatorByGroup] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)


def packet_sections(scope: Scope, initiatives) -> list[PacketSection]:
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
    measurements = latest_periods(
        measurements_in_scope(in_view).filter(indicator__initiative_id__in=ids)
    )
    events = (
        events_in_scope(in_view)
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
        themes_in_scope(in_view)
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
        sections[initiative_id].indicators.append(indicator_by_group(rows))
    for event in events:
        event.confirmed_shown = people(event.confirmed)
        event.checked_in_shown = people(event.checked_in)
        event.attendance = rate(event.checked_in, event.confirmed)
        event.has_ended = event.ends_at <= scope.now
        sections[event.initiative_id].events.append(event)
    for theme in heard:
        theme.shown_title = theme_title(theme)
        sections[theme.report.event.initiative_id].themes.append(theme)
    return list(sections.values())
