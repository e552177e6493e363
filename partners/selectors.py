from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from events.selectors import upcoming_events
from initiatives.models import DemonstrationSite, InitiativePartner
from initiatives.selectors import label_status, objectives_with_status
from partners.filters import OrganizationFilter
from partners.models import Organization


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(approved=True)


def _partnerships() -> QuerySet[InitiativePartner]:
    return InitiativePartner.objects.select_related("initiative").order_by("initiative__name")


def organization_directory(*, params: QueryDict | dict | None = None) -> OrganizationFilter:
    """The bound filter of the directory; its .qs lists approved organizations, prefetched."""
    queryset = public_organizations().prefetch_related(Prefetch("partnerships", _partnerships()))
    return OrganizationFilter(params or None, queryset=queryset)


def organization_profile(*, slug: str) -> dict:
    """Everything the public page of an approved organization shows; 404 for any other."""
    organization = get_object_or_404(public_organizations(), slug=slug)
    objectives = label_status(
        list(
            objectives_with_status()
            .filter(owners=organization)
            .select_related("initiative", "indicator")
            .order_by("initiative__name", "title")
        )
    )
    return {
        "organization": organization,
        "partnerships": list(_partnerships().filter(organization=organization)),
        "led_sites": list(DemonstrationSite.objects.filter(lead_organization=organization)),
        "objectives": objectives,
        "upcoming_events": list(upcoming_events().filter(hosts=organization)),
    }
