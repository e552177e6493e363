"""The panels of the leads' dashboard, each a list of tables read for a scope.

Every figure is counted by the database, and the page runs the same number of queries whatever
the amount of data (dashboards.tables has how).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Page
from django.utils.translation import gettext as _

from dashboards.panels.community import suggestions_by_community, themes, unanswered_themes
from dashboards.panels.equity import (
    INDICATORS_PER_PAGE,
    equity,
    equity_export,
    organization_not_applied,
)
from dashboards.panels.events import (
    attendance,
    event_needs,
    registrations_by_community,
    upcoming_events,
)
from dashboards.panels.feedback import needs_met
from dashboards.panels.headline import headline
from dashboards.panels.partners import (
    engagement,
    inactive_organizations,
    organizations_by_sector,
    pending_memberships,
    pending_organizations,
)
from dashboards.panels.programs import applications_by_program
from dashboards.panels.progress import (
    latest_updates,
    objectives,
    objectives_by_status,
    overdue_milestones,
    stale_objectives,
)
from dashboards.scope import Scope
from dashboards.tables import Table

# Every table that can be exported, by its name in the URL.
TABLES: dict[str, Callable[..., Table]] = {
    "objectives-by-status": objectives_by_status,
    "objectives": objectives,
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
    "needs-met": needs_met,
    "applications-by-program": applications_by_program,
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


def dashboard(scope: Scope, *, indicator_page=1, updates_page=1, for_packet=False) -> dict:
    """Every panel of /dashboard/ for the scope, and the headline figures above them; the board
    packet prints the same panels (every indicator rather than a page of them)."""
    indicators, indicator_pages = equity(
        scope, page=indicator_page, per_page=None if for_packet else INDICATORS_PER_PAGE
    )
    equity_panel = Panel(
        "indicators",
        _("Equity indicators"),
        [view.table for view in indicators],
        note=" ".join(
            filter(
                None,
                [
                    _(
                        "The latest figure of each student group, its gap to all students and "
                        "to the group with the best result, and the trend over the latest "
                        "periods. The line on each chart marks all students. The date range "
                        "applies to the period a figure is for."
                    ),
                    organization_not_applied(scope),
                ],
            )
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
                latest_updates(scope, page=updates_page),
                objectives(scope),
            ],
            note=_(
                "Statuses, stale objectives and overdue milestones as they stood at the end of "
                "the range (today without one); withdrawn updates count nowhere."
            ),
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
        ),
        Panel(
            "feedback",
            _("Feedback after sessions"),
            [needs_met(scope)],
            note=_(
                "What the people who came said the morning after: whether the interpreter, "
                "childcare, ride or accommodations they asked for were there."
            ),
        ),
        Panel("programs", _("Programs"), [applications_by_program(scope)]),
    ]
    return {"panels": panels, "indicators": indicators, "headline": headline(scope)}
