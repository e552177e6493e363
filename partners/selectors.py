from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.permissions import roles_of
from coalition.translation import in_language
from partners.models import Invitation, Membership, Organization


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(approved=True)


def host_organizations(*, user) -> QuerySet[Organization]:
    """The organizations the person may act for as a host (of an event, of a document for
    comment): every approved one for a lead, else the approved ones they are staff of."""
    organizations = Organization.objects.filter(approved=True).order_by(in_language("name"))
    roles = roles_of(user)
    return organizations if roles.lead else organizations.filter(pk__in=roles.staff_of)


def active_staff(*, organization: Organization) -> QuerySet[Membership]:
    # "admin" sorts before "staff": admins first, then by name.
    return (
        Membership.objects.filter(organization=organization, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


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


def organization_staff(*, organization: Organization) -> dict:
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
