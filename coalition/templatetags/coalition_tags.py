from django import template

from coalition import form_errors
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


@register.simple_tag(takes_context=True)
def page_errors(context) -> list:
    """Every error of the forms this page was refused with (coalition.form_errors), for base.html:
    `{% page_errors as summary_errors %}` before the title, which then begins "Error:", and the
    error summary at the top of main."""
    return form_errors.page_errors(context.flatten().values())


@register.filter
def whole_form_errors(form) -> list:
    """The errors of a whole form or formset, its hidden fields' included."""
    return form_errors.whole_form_errors(form)


@register.filter
def whole_form_anchor(form) -> str:
    """The id of the box that shows them, which the error summary links to."""
    return form_errors.whole_form_anchor(form)
