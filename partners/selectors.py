from django.db.models import Prefetch, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from events.selectors import upcoming_events
from initiatives.models import DemonstrationSite, InitiativePartner
from initiatives.selectors import label_status, objectives_with_status
from partners.filters import OrganizationFilter
from partners.models import Invitation, Membership, Organization


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(approved=True)


def _partnerships() -> QuerySet[InitiativePartner]:
    return InitiativePartner.objects.select_related("initiative").order_by("initiative__name")


def organization_directory(*, params: QueryDict | dict | None = None) -> OrganizationFilter:
    """The bound filter of the directory; its .qs lists approved organizations, prefetched."""
    queryset = public_organizations().prefetch_related(Prefetch("partnerships", _partnerships()))
    filterset = OrganizationFilter(params or None, queryset=queryset)
    filterset.label_with_counts()
    return filterset


def active_staff(*, organization: Organization) -> QuerySet[Membership]:
    # "admin" sorts before "staff": admins first, then by name.
    return (
        Membership.objects.filter(organization=organization, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


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
            .order_by("initiative__name", "title")
        )
    )
    signed_in = viewer.is_authenticated
    return {
        "organization": organization,
        "partnerships": list(_partnerships().filter(organization=organization)),
        "led_sites": list(DemonstrationSite.objects.filter(lead_organization=organization)),
        "objectives": objectives,
        "upcoming_events": list(upcoming_events().filter(hosts=organization)),
        "staff": list(active_staff(organization=organization))
        if signed_in and viewer.has_perm("partners.view_staff", organization)
        else None,
        "my_membership": Membership.objects.filter(organization=organization, user=viewer).first()
        if signed_in
        else None,
        "can_manage": signed_in and viewer.has_perm("partners.manage_organization", organization),
    }


def organization_for_management(*, slug: str, user) -> Organization:
    """The organization behind a staff page. One still waiting for approval (or declined) is
    private: it answers 404 to everyone but the leads and its own admins."""
    organization = get_object_or_404(Organization, slug=slug)
    if not organization.approved and not (
        user.has_perm("partners.approve_organization")
        or user.has_perm("partners.manage_organization", organization)
    ):
        raise Http404
    return organization


def staff_page(*, organization: Organization) -> dict:
    """The staff list (to paginate), join requests and open invitations of an organization."""
    return {
        "staff": active_staff(organization=organization),
        "requests": list(
            Membership.objects.filter(organization=organization, status=Membership.Status.REQUESTED)
            .select_related("user")
            .order_by("created_at", "pk")
        ),
        "invitations": list(
            Invitation.objects.open()
            .filter(organization=organization)
            .select_related("invited_by")
            .order_by("-created_at", "-pk")
        ),
    }


def membership_of(*, organization: Organization, pk: int, status: str) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization=organization,
        pk=pk,
        status=status,
    )


def invitation_of(*, organization: Organization, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.open(), organization=organization, pk=pk)


def pending_applications() -> QuerySet[Organization]:
    """Organizations that asked to join the network and wait for a lead's decision."""
    return (
        Organization.objects.awaiting_decision()
        .select_related("applied_by")
        .order_by("created_at", "pk")
    )


def pending_application(*, pk: int) -> Organization:
    return get_object_or_404(pending_applications(), pk=pk)
