"""An organization's dashboard, for its staff."""

import datetime as dt

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from dashboards.panels.events import event_needs, upcoming_events
from dashboards.scope import Scope
from dashboards.tables import LIST_ROWS, first_rows
from events.models import Event
from initiatives.selectors import objectives_with_status
from partners.models import Organization

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
    due, due_total = first_rows(
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
