"""Reads that compose the network: the home page, and the organization directory and profiles
(an organization's initiatives, objectives, sites and events)."""

import functools

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from coalition import fragments
from coalition.translation import in_language
from events.models import with_languages
from events.selectors import upcoming_events
from initiatives.models import DemonstrationSite, Initiative, InitiativePartner
from initiatives.selectors import (
    EVENTS_SHOWN,
    SubqueryCount,
    first_of,
    label_status,
    objectives_with_status,
)
from partners.models import Membership
from partners.selectors import active_staff, public_organizations
from portal.filters import OrganizationFilter

HOME_EVENT_COUNT = 4
# The home page names the largest initiatives, whatever the size of the network; the rest are
# one link away ("All initiatives").
HOME_INITIATIVE_COUNT = 8


class NetworkSize:
    """The home page's figures that only writes change, each counted when first read: the
    page keeps their rendering (coalition.fragments), so most visits count nothing."""

    @functools.cached_property
    def partners(self) -> int:
        return public_organizations().count()

    @functools.cached_property
    def initiatives(self) -> int:
        return Initiative.objects.count()

    @functools.cached_property
    def sites(self) -> int:
        return DemonstrationSite.objects.count()


def network_overview() -> dict:
    """The home page: next sessions, the largest top-level initiatives (by approved partners,
    at most HOME_INITIATIVE_COUNT, then by name) and the network's size.

    `stamp` is what the home page keeps its pieces under (coalition.fragments), read before
    anything else; the initiatives and the size are lazy, read only when a piece is rendered."""
    stamp = fragments.stamp("partners", "initiatives", "events")
    upcoming = upcoming_events()
    # One query for both: a count that includes example sessions is itself an example.
    # Counted on indexed columns, not the id: read from the (status, starts_at, ends_at,
    # is_example) index alone.
    sessions = upcoming.order_by().aggregate(
        total=Count("*"), examples=Count("is_example", filter=Q(is_example=True))
    )
    return {
        "stamp": stamp,
        # Their languages are read only for the cards not kept (prepare_cards).
        "events": list(upcoming.prefetch_related(None)[:HOME_EVENT_COUNT]),
        "prepare_cards": with_languages,
        "initiatives": Initiative.objects.filter(parent__isnull=True)
        .annotate(
            child_count=SubqueryCount(
                Initiative.objects.filter(parent=OuterRef("pk")).order_by().values("pk")
            ),
        )
        # The count each initiative keeps: read from an index, whatever the partnerships.
        .order_by("-partner_count", in_language("name"))[:HOME_INITIATIVE_COUNT],
        "size": NetworkSize(),
        "stats": {
            "upcoming_events": sessions["total"],
            "upcoming_examples": sessions["examples"],
        },
    }


def _partnerships() -> QuerySet[InitiativePartner]:
    return InitiativePartner.objects.select_related("initiative").order_by(
        in_language("initiative__name")
    )


def organization_directory(*, params: QueryDict | dict | None = None) -> OrganizationFilter:
    """The bound filter of the directory; its .qs lists approved organizations, whose
    partnerships `with_partnerships` reads (for the cards the page does not keep)."""
    filterset = OrganizationFilter(params or None, queryset=public_organizations())
    filterset.label_with_counts()
    return filterset


def with_partnerships(organizations) -> None:
    """Read the partnerships (with their initiatives) of `organizations`, in one query."""
    prefetch_related_objects(list(organizations), Prefetch("partnerships", _partnerships()))


# Passed to the {% keep_each %} of the directory's cards (coalition.fragments).
with_partnerships.do_not_call_in_templates = True


def organization_profile(*, slug: str, viewer) -> dict:
    """Everything the public page of an approved organization shows; 404 for any other.

    Staff names only for those allowed to see them; the viewer's own membership, if any, decides
    whether the page offers to ask to join.
    """
    organization = get_object_or_404(public_organizations(), slug=slug)
    partner_view = viewer.is_authenticated and viewer.has_perm("initiatives.view_partner_updates")
    objectives = label_status(
        list(
            objectives_with_status(partner_view=partner_view)
            .filter(owners=organization)
            .select_related("initiative", "indicator")
            .order_by(in_language("initiative__name"), in_language("title"))
        )
    )
    signed_in = viewer.is_authenticated
    events, more_events = first_of(upcoming_events().filter(hosts=organization), EVENTS_SHOWN)
    return {
        "organization": organization,
        "partnerships": list(_partnerships().filter(organization=organization)),
        "led_sites": list(
            DemonstrationSite.objects.filter(lead_organization=organization).order_by(
                in_language("name")
            )
        ),
        "objectives": objectives,
        "upcoming_events": events,
        "more_events": more_events,
        "staff": list(active_staff(organization=organization))
        if signed_in and viewer.has_perm("partners.view_staff", organization)
        else None,
        "my_membership": Membership.objects.filter(organization=organization, user=viewer).first()
        if signed_in
        else None,
        "can_manage": signed_in and viewer.has_perm("partners.manage_organization", organization),
    }
