"""Who may do what with the resource library (django-rules; see coalition.permissions).

Partner staff add resources for their organization and edit or delete those; leads add, edit
and delete any. Partners-only resources (and their files) are for partner staff and leads."""

import rules

from coalition.permissions import is_lead, is_partner_staff, roles_of


@rules.predicate
def is_staff_of_its_organization(user, resource):
    return (
        resource is not None
        and resource.organization_id is not None
        and resource.organization_id in roles_of(user).staff_of
    )


@rules.predicate
def is_public(user, resource):
    return resource is not None and resource.is_public


is_partner = is_partner_staff | is_lead

# Read partners-only resources and open their files.
rules.add_perm("resources.view_partner_resources", is_partner)
# Open one resource (its page, its file).
rules.add_perm("resources.view_resource", is_public | is_partner)
# Add a resource for one's organization (leads: for any).
rules.add_perm("resources.add_resource", is_partner)
# Edit or delete a resource.
rules.add_perm("resources.change_resource", is_staff_of_its_organization | is_lead)
