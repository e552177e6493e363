"""Who may do what with stories (django-rules; see coalition.permissions).

Partner staff write stories for their organizations, leads for any; staff of the story's
organization and leads change it and submit it; leads alone approve or return it, as the
network speaks for them. A story that is not published is seen only by those who may change
it (and leads)."""

import rules

from coalition.permissions import is_lead, is_partner_staff, roles_of


@rules.predicate
def is_staff_of_the_organization(user, story):
    return story is not None and story.organization_id in roles_of(user).staff_of


@rules.predicate
def is_published(user, story):
    return story is not None and story.is_published


# Write a story (my stories, a new one).
rules.add_perm("stories.write_story", is_partner_staff | is_lead)
# Change a story, submit it for review.
rules.add_perm("stories.edit_story", is_staff_of_the_organization | is_lead)
# Read a story and its image: published ones for everyone, the others for their editors.
rules.add_perm("stories.view_story", is_published | is_staff_of_the_organization | is_lead)
# The review queue: approve (publish) or return with a reason.
rules.add_perm("stories.moderate_stories", is_lead)
