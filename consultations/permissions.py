"""Who may do what with documents for comment (django-rules; see coalition.permissions).

Staff of the host organization and leads write a document and open it for comment; leads
alone moderate the comments (approve, hide with a reason), as the network speaks for them."""

import rules

from coalition.permissions import is_lead, is_partner_staff, roles_of


@rules.predicate
def is_staff_of_the_host(user, document):
    return document is not None and document.host_id in roles_of(user).staff_of


# Start a document for one's organization.
rules.add_perm("consultations.create_document", is_partner_staff | is_lead)
# Edit a document, its sections and its dates (open it for comment, close it).
rules.add_perm("consultations.edit_document", is_staff_of_the_host | is_lead)
# Read the comments waiting for approval, approve them, hide them with a reason.
rules.add_perm("consultations.moderate_comments", is_lead)
