from functools import cache, lru_cache
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, get_language_info, gettext

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


# The addresses whose pages the header marks as the part of the site the visitor is in.
_SECTIONS = (
    "events:list",
    "communities:list",
    "programs:list",
    "initiatives:list",
    "directory:list",
    "sites:list",
    "resources:list",
    "stories:list",
    "dashboard:index",
    "network:leads",
    "me:index",
)


@lru_cache(maxsize=2048)
def _layout_part(template_name: str, language: str, section: str, who: tuple) -> str:
    signed_in, name, lead = who
    return render_to_string(
        template_name, {"section": section, "signed_in": signed_in, "name": name, "lead": lead}
    )


@register.simple_tag(takes_context=True)
def layout_part(context, template_name: str) -> str:
    """The layout's header links or footer, rendered once per process for each language, part
    of the site and kind of visitor (anonymous; or signed in, with their short name and
    whether they lead the network): made of translations and addresses only, which change with
    a deployment, never with the data. Every page renders them; this was half the layout."""
    request = context["request"]
    path = request.path
    section = next((url for url in map(fixed_url, _SECTIONS) if path.startswith(url)), "")
    user = context.get("user")
    if user is not None and user.is_authenticated:
        lead = (user.is_coalition_lead or user.is_superuser) and user.has_perm(
            "coalition.grant_lead"
        )
        who = (True, user.get_short_name(), lead)
    else:
        who = (False, "", False)
    return _layout_part(template_name, get_language(), section, who)


# The leads' tools (partials/network_nav.html), each of which marks itself when current.
_TOOLS = (
    "dashboard:index",
    "network:leads",
    "partners:applications",
    "network:measurements",
    "network:imports",
    "events:suggestions",
    "network:emails",
    "network:audit",
)


@lru_cache(maxsize=64)
def _network_nav(language: str, current: str) -> str:
    return render_to_string("partials/network_nav.html", {"current": current})


@register.simple_tag(takes_context=True)
def network_nav(context) -> str:
    """The leads' tools, rendered once per process for each language and tool page, like the
    layout's parts: translations and addresses only."""
    path = context["request"].path
    current = path if path in map(fixed_url, _TOOLS) else ""
    return _network_nav(get_language(), current)


@cache
def _languages(urlconf, prefix: str) -> tuple[tuple[str, str, str], ...]:
    """Each language's code, the address that switches to it and its own name."""
    return tuple(
        (
            code,
            reverse("language", args=(code,), urlconf=urlconf),
            capfirst(get_language_info(code)["name_local"]),
        )
        for code, _name in settings.LANGUAGES
    )


_LANGUAGE_LINK = '<li><a href="{}?next={}" hreflang="{}" lang="{}"{}>{}</a></li>'
_CURRENT = format_html(' aria-current="{}"', "true")


@register.simple_tag(takes_context=True)
def language_links(context) -> str:
    """The language switcher's links, back to this very address: plain links, no form, so no
    page needs a CSRF cookie for them."""
    back = quote(context["request"].get_full_path(), safe="/")
    languages = _languages(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return format_html_join(
        "",
        _LANGUAGE_LINK,
        (
            (url, back, code, code, _CURRENT if code == get_language() else "", name)
            for code, url, name in languages
        ),
    )


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


# What partials/example_badge.html and partials/provenance.html render, in Python: pages that
# cite a source on every row (a figure, a status, a milestone) call these in their loops, where
# an include costs a template render each time. The markup and the messages are the same.


@register.simple_tag
def example_badge():
    return _example_badge(get_language())


@cache
def _example_badge(language: str) -> str:
    # The same in every page of a language (called with it: the active one).
    return format_html(
        '<span class="badge badge--example" role="note" aria-label="{}">{}</span>\n',
        gettext("Example: shows how the portal works; it did not happen."),
        gettext("Example"),
    )


@register.simple_tag
def provenance(item, as_of=None):
    """`{% provenance item as_of %}`: who states it, as of when, with the example badge (see
    partials/provenance.html)."""
    page_language = get_language()
    parts = ['<span class="provenance">']
    if getattr(item, "is_example", False):
        parts.append(_example_badge(page_language) + " ")
    source = getattr(item, "source", "")
    if source:
        source_lang = getattr(item, "source_lang", "")
        lang = (
            format_html(' lang="{}"', source_lang)
            if source_lang and source_lang != page_language
            else ""
        )
        parts.append(conditional_escape(gettext("Source:")) + " ")
        if getattr(item, "source_url", ""):
            parts.append(format_html('<a href="{}"{}>{}</a>', item.source_url, lang, source))
        elif lang:
            parts.append(format_html("<span{}>{}</span>", lang, source))
        else:
            parts.append(conditional_escape(source))
    if as_of:
        if source:
            parts.append(", ")
        date = date_filter(template_localtime(as_of), "DATE_FORMAT")
        parts.append(conditional_escape(gettext("as of %(date)s") % {"date": date}))
    parts.append("</span>\n")
    return mark_safe("".join(parts))  # nosec B308 B703: every part above is escaped
