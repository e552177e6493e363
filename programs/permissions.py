"""Who may do what with programs (django-rules; see coalition.permissions).

Anyone may apply (signed in, or with an address they confirm). The staff of a program's host
organization and the coalition's leads review its applications: they score them and decide."""

import rules

from coalition.permissions import is_lead, roles_of


@rules.predicate
def is_staff_of_the_host(user, program):
    return program is not None and program.host_id in roles_of(user).staff_of


# See a program's applications, score them and decide (accept, decline, waiting list).
rules.add_perm("programs.review_program", is_staff_of_the_host | is_lead)
