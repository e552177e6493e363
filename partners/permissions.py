"""Who may do what with organizations and their staff (django-rules; see coalition.permissions)."""

import rules

from coalition.permissions import (
    admin_of,
    has_required_2fa,
    is_lead,
    is_member,
    is_partner_staff,
    roles_of,
)


@rules.predicate
def is_admin_of_organization(user, organization):
    return organization is not None and admin_of(user, organization.pk)


@rules.predicate
def is_staff_of_organization(user, organization):
    return organization is not None and organization.pk in roles_of(user).staff_of


# Invite people, decide on join requests, remove staff, see the staff list and requests.
rules.add_perm("partners.manage_organization", is_admin_of_organization | is_lead)
# Ask to join an organization, or apply for a new one to join the network.
rules.add_perm("partners.request_membership", is_member)
rules.add_perm("partners.apply_organization", is_member)
# Approve an organization into the network.
rules.add_perm("partners.approve_organization", is_lead)
# An organization's dashboard: its objectives, events and updates due.
rules.add_perm("partners.view_dashboard", is_staff_of_organization | is_lead)
# Staff names on an organization's page: other partner staff and leads.
rules.add_perm("partners.view_staff", (is_partner_staff | is_lead) & has_required_2fa)
