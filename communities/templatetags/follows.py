"""`{% follow_form community as form %}`: the form to follow a community, for a page that has
only the community and the request (templates/communities/_follow.html)."""

from django import template

from communities.forms import FollowForm, follow_initial

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_form(context, community):
    request = context.get("request")
    return FollowForm(initial=follow_initial(getattr(request, "user", None)))
