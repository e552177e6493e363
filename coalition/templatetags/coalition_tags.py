from functools import cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html

from coalition import form_errors
from coalition.selectors import mask_address
from coalition.translation import Localized, localized

register = template.Library()


@cache
def _reverse_once(name: str, urlconf, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for an address with no arguments, worked out once per process: every
    page's header and footer name the same dozen, and reversing is a good part of their cost."""
    return _reverse_once(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


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


@register.filter
def tr(obj, field=None):
    """`{{ event|tr:"title" }}`: the text in the visitor's language; a fallback to the other
    language comes wrapped in `<span lang="…">`, so that it is read in its own language.
    `{{ cell|tr }}` does the same for a text already read (a `Localized`)."""
    text = obj if field is None else localized(obj, field)
    if not isinstance(text, Localized):
        return "" if text is None else text
    if text.fallback:
        return format_html('<span lang="{}">{}</span>', text.lang, text.text)
    return text.text


@register.simple_tag
def localized_text(obj, field):
    """`{% localized_text event "description" as description %}` for block texts: gives `.text`,
    `.lang` and `.fallback`, to set `lang` on the element that holds it
    (`<div{{ description|lang_attr }}>`)."""
    return localized(obj, field)


@register.filter
def lang_attr(text):
    """` lang="es"` for a `Localized` text that is not in the page's language, else nothing."""
    if isinstance(text, Localized) and text.fallback:
        return format_html(' lang="{}"', text.lang)
    return ""
