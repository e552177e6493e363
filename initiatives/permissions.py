"""Who may do what with initiatives and their progress (django-rules; see coalition.permissions)."""

import rules

from coalition.permissions import is_lead, is_partner_staff, staff_of_any


@rules.predicate
def is_staff_of_an_owner(user, objective):
    return objective is not None and staff_of_any(
        user, {owner.pk for owner in objective.owners.all()}
    )


@rules.predicate
def is_author(user, update):
    return (
        update is not None
        and getattr(user, "is_authenticated", False)
        and update.author_id == user.pk
    )


# Post a progress update on an objective: staff of an organization that owns it, or a lead.
rules.add_perm("initiatives.post_update", is_staff_of_an_owner | is_lead)
# Read updates marked "partners only".
rules.add_perm("initiatives.view_partner_updates", is_partner_staff | is_lead)
# See an objective's whole history, withdrawn updates included (marked, with their reason).
rules.add_perm("initiatives.view_withdrawn_updates", is_staff_of_an_owner | is_lead)
# Withdraw an update: its author or a lead (within the window the service enforces).
rules.add_perm("initiatives.withdraw_update", is_author | is_lead)
# Record measurements and import CSV files.
rules.add_perm("initiatives.record_measurement", is_lead)
