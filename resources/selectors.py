"""Reads of the resource library, each in a fixed number of queries."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from coalition.permissions import roles_of
from coalition.translation import in_language
from communities.models import Community
from events.models import Event
from initiatives.models import FocusArea, Initiative
from partners.models import Organization
from partners.selectors import host_organizations
from resources.filters import ResourceFilter
from resources.models import Resource


def sees_partner_resources(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(
        "resources.view_partner_resources"
    )


def public_resources() -> QuerySet[Resource]:
    """Every public resource, newest first, with its organization."""
    return Resource.objects.public().select_related("organization")


def resources_added_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Resource]:
    """The public resources added from `start` (included) to `end` (excluded), oldest first:
    what a newsletter of that period tells of."""
    return (
        public_resources()
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "id")
    )


def _with_links(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """With what a card or a page shows of each: four queries whatever the number of rows."""
    return queryset.select_related("organization").prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.order_by(in_language("name"))),
        Prefetch(
            "focus_areas",
            queryset=FocusArea.objects.select_related("initiative").order_by("position", "id"),
        ),
        Prefetch(
            "events",
            queryset=Event.objects.shown().order_by("-starts_at", "id"),
        ),
        Prefetch("communities", queryset=Community.objects.order_by(in_language("name"))),
    )


def resource_list(*, filters: QueryDict, user) -> ResourceFilter:
    """The library narrowed by the visitor's filters: public ones, and partners-only ones for
    partner staff and leads; `.qs` holds the ordered rows."""
    queryset = Resource.objects.visible_to(partners=sees_partner_resources(user))
    return ResourceFilter(
        filters,
        queryset=queryset.select_related("organization")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.order_by(in_language("name")))
        )
        .order_by("-published_on", "-id"),
    )


def resource_for_reader(*, slug: str, user) -> Resource:
    """A resource the person may open: a partners-only one is 404 to anonymous visitors (they
    are not told it exists) and 403 to people signed in without the right."""
    resource = get_object_or_404(_with_links(Resource.objects.all()), slug=slug)
    if not resource.is_public:
        if not getattr(user, "is_authenticated", False):
            raise Http404
        if not user.has_perm("resources.view_resource", resource):
            raise PermissionDenied
    return resource


def resource_for_editor(*, slug: str) -> Resource:
    return get_object_or_404(Resource.objects.select_related("organization"), slug=slug)


def resources_of_editor(*, user) -> QuerySet[Resource]:
    """The resources the person may edit: every one for a lead, else their organizations'."""
    resources = Resource.objects.select_related("organization").order_by("-created_at", "-id")
    roles = roles_of(user)
    return resources if roles.lead else resources.filter(organization_id__in=roles.staff_of)


def organizations_for(*, user) -> QuerySet[Organization]:
    """The organizations the person may add a resource for."""
    return host_organizations(user=user)
