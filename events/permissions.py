"""Who may do what with events (django-rules; see coalition.permissions)."""

import rules

from coalition.permissions import is_lead, is_partner_staff, staff_of_any


@rules.predicate
def is_staff_of_a_host(user, event):
    return event is not None and staff_of_any(user, {host.pk for host in event.hosts.all()})


# Create events for one's organization.
rules.add_perm("events.create_event", is_partner_staff | is_lead)
# Edit, publish, cancel an event; see its roster, check people in, export, message registrants.
rules.add_perm("events.organize_event", is_staff_of_a_host | is_lead)
# Review where-next suggestions.
rules.add_perm("events.review_suggestions", is_lead)
