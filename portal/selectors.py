"""Reads that compose the network: what the home page shows."""

from django.db.models import Count

from events.selectors import upcoming_events
from initiatives.models import DemonstrationSite, Initiative
from partners.models import Organization

HOME_EVENT_COUNT = 4


def network_overview() -> dict:
    """The home page: next sessions, top-level initiatives and the network's size."""
    upcoming = upcoming_events()
    return {
        "events": list(upcoming[:HOME_EVENT_COUNT]),
        "initiatives": Initiative.objects.filter(parent__isnull=True)
        .annotate(child_count=Count("children"))
        .order_by("name"),
        "stats": {
            "partners": Organization.objects.filter(approved=True).count(),
            "initiatives": Initiative.objects.count(),
            "sites": DemonstrationSite.objects.count(),
            "upcoming_events": upcoming.count(),
        },
    }
