"""Who may do what with initiatives and their progress (django-rules; see coalition.permissions)."""

import rules

from coalition.permissions import is_lead, is_partner_staff, staff_of_any


@rules.predicate
def is_staff_of_an_owner(user, objective):
    return objective is not None and staff_of_any(
        user, {owner.pk for owner in objective.owners.all()}
    )


# Post a progress update on an objective: staff of an organization that owns it, or a lead.
rules.add_perm("initiatives.post_update", is_staff_of_an_owner | is_lead)
# Read updates marked "partners only".
rules.add_perm("initiatives.view_partner_updates", is_partner_staff | is_lead)
# Record measurements and import CSV files.
rules.add_perm("initiatives.record_measurement", is_lead)
