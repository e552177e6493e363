from django.db.models import Count

from coalition.filters import AuditLogFilter
from coalition.models import AuditLog, User
from events.selectors import upcoming_events
from initiatives.models import DemonstrationSite, Initiative
from partners.models import Organization

HOME_EVENT_COUNT = 4


def home_context() -> dict:
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


def audit_log_list(*, params) -> AuditLogFilter:
    """The audit log, newest first, narrowed by the lead's filters."""
    queryset = AuditLog.objects.select_related("actor", "content_type").order_by(
        "-created_at", "-id"
    )
    return AuditLogFilter(params or None, queryset=queryset)


def coalition_leads():
    return User.objects.filter(is_coalition_lead=True).order_by("name", "email")
