"""What partners adds to a person's account (coalition.accounts): their roles, the
organizations on /me/, and their memberships and invitations in "download my data"."""

from coalition import accounts
from coalition.selectors import email_is_one_of
from coalition.translation import in_language
from partners.models import Invitation, Membership


def active_memberships(user):
    active = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    for organization_id, role in active.values_list("organization_id", "role"):
        yield organization_id, role == Membership.Role.ADMIN


def my_organizations(request) -> dict:
    return {
        "memberships": Membership.objects.filter(user=request.user)
        .exclude(status=Membership.Status.DECLINED)
        .select_related("organization")
        .order_by("status", in_language("organization__name"))
    }


def memberships_data(*, user, addresses):
    for m in Membership.objects.filter(user=user).select_related("organization"):
        yield {
            "organization": m.organization.name,
            "role": m.role,
            "status": m.status,
            "title": m.title,
            "asked_or_invited": m.created_at,
            "decided": m.decided_at,
        }


def invitations_data(*, user, addresses):
    invitations = Invitation.objects.filter(email_is_one_of(addresses))
    for i in invitations.select_related("organization").order_by("created_at"):
        yield {
            "organization": i.organization.name,
            "email": i.email,
            "role": i.role,
            "sent": i.created_at,
            "accepted": i.accepted_at,
            "revoked": i.revoked_at,
        }


def register() -> None:
    accounts.membership_source(active_memberships)
    accounts.section(template="partners/_my_organizations.html", context=my_organizations, order=10)
    accounts.data(key="memberships", rows=memberships_data, order=10)
    accounts.data(key="invitations_received", rows=invitations_data, order=11)
