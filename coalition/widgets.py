"""Select widgets whose options list a part of the network (every site, initiative or
organization): rendered once per version of what they list and per language, then reused, so a
list page does not grow with the network.

The options are kept in the shared cache under `coalition.versions.stamp` of the scopes they
read (read before the rows, as the contract asks): a write that bumps one of them makes them
stale at once. Only the `<select>` tag itself (its id, aria attributes) and which option is
selected change per request, so labels, the selected value and accessibility are Django's own.
While Redis is unreachable they are rendered live, never from the process's fallback.
"""

import hashlib

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from coalition import versions
from coalition.cache import shared_cache_away

# The versions make the options exact; this only lets unused variants leave the cache.
OPTIONS_TIMEOUT = 600
# Rendered as the selected value, so that no option is selected in what is kept.
_NOTHING = "\x00"


class CachedSelect(forms.Select):
    """A Select whose options are rendered into the shared cache once, keyed by `key`, the
    versions of `scopes`, the language and `vary_on` (what else its labels depend on, such as
    the other filters of a faceted list), and reused by every request until one changes."""

    def __init__(self, attrs=None, choices=(), *, key: str, scopes: tuple[str, ...]):
        super().__init__(attrs, choices)
        self.key = key
        self.scopes = tuple(scopes)
        self.vary_on: tuple = ()

    def cache_key(self) -> str:
        vary = hashlib.sha256(repr(self.vary_on).encode()).hexdigest()[:16]
        stamp = versions.stamp(*self.scopes)
        return f"widget:{self.key}:{translation.get_language()}:{stamp}:{vary}"

    def render_options(self, name, renderer=None) -> str:
        """The options alone, as Django renders them, none selected."""
        html = super().render(name, _NOTHING, {}, renderer)
        return html[html.index(">") + 1 : html.rindex("</select>")]

    def render(self, name, value, attrs=None, renderer=None):
        if shared_cache_away():
            return super().render(name, value, attrs, renderer)
        key = self.cache_key()
        options = cache.get(key)
        if options is None:
            options = self.render_options(name, renderer)
            cache.set(key, options, OPTIONS_TIMEOUT)
        for selected in self.format_value(value):
            option = f'<option value="{escape(selected)}"'
            options = options.replace(option, f"{option} selected", 1)
        opening = format_html(
            '<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs))
        )
        # The options are Django's own rendering (escaped) with " selected" put in, the tag is
        # format_html's: nothing unescaped reaches the page.
        return mark_safe(f"{opening}{options}</select>")  # nosec B308 B703


class DatalistInput(forms.TextInput):
    """A text input that proposes known values (a `<datalist>` after it) and still takes any:
    a phone shows the proposals as the person types; without them it is a plain text box.

    `options` is a callable returning the proposed strings, read when the field is rendered."""

    def __init__(self, attrs=None, *, options):
        super().__init__(attrs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-options"
        attrs["list"] = list_id
        field = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((option,) for option in self.options())
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)
