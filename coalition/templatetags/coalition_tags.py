from django import template

from coalition.selectors import mask_address

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_with(context, key, value):
    """The current query string with one parameter, named by a variable, replaced."""
    query = context["request"].GET.copy()
    query[key] = value
    return query.urlencode()


@register.filter
def masked_addresses(addresses) -> str:
    """A list of email addresses, each shown as "pa…@example.org"."""
    return ", ".join(mask_address(address) for address in addresses)
