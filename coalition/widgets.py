"""Select widgets whose options list a part of the network (every site, initiative or
organization): rendered once per version of what they list and per language, then reused, so a
list page does not grow with the network.

The options are kept in the shared cache under `coalition.versions.stamp` of the scopes they
read (read before the rows, as the contract asks): a write that bumps one of them makes them
stale at once. Only the `<select>` tag itself (its id, aria attributes) and which option is
selected change per request, so labels, the selected value and accessibility are Django's own.
While Redis is unreachable they are rendered live, never from the process's fallback.
"""

import copy
import hashlib

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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

    def kept_options(self, name, renderer=None) -> str:
        """The options as kept in the shared cache, rendered and kept first if need be."""
        if shared_cache_away():
            return self.render_options(name, renderer)
        key = self.cache_key()
        options = cache.get(key)
        if options is None:
            options = self.render_options(name, renderer)
            cache.set(key, options, OPTIONS_TIMEOUT)
        return options

    def render(self, name, value, attrs=None, renderer=None):
        if shared_cache_away():
            return super().render(name, value, attrs, renderer)
        return self.render_select(self.kept_options(name, renderer), name, value, attrs)

    def render_select(self, options, name, value, attrs=None):
        for selected in self.format_value(value):
            option = f'<option value="{escape(selected)}"'
            options = options.replace(option, f"{option} selected", 1)
        opening = format_html(
            '<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs))
        )
        # The options are Django's own rendering (escaped) with " selected" put in, the tag is
        # format_html's: nothing unescaped reaches the page.
        return mark_safe(f"{opening}{options}</select>")  # nosec B308 B703


class FixedSelect(CachedSelect):
    """A select of choices fixed in the code (a model's TextChoices, a filter's periods): its
    options rendered once per process and language, then only the tag and the selected option
    per request. Nothing to invalidate, so nothing goes through the shared cache."""

    _options: dict[tuple[str, str], str] = {}

    def __init__(self, attrs=None, choices=(), *, key: str):
        super().__init__(attrs, choices, key=key, scopes=())

    def kept_options(self, name, renderer=None) -> str:
        key = (self.key, translation.get_language())
        options = self._options.get(key)
        if options is None:
            options = self._options[key] = self.render_options(name, renderer)
        return options

    def render(self, name, value, attrs=None, renderer=None):
        return self.render_select(self.kept_options(name, renderer), name, value, attrs)


# Above this many choices a select is a text box (LookupSelect): a longer list is more than a
# phone can scroll, and it would make its page grow with the network.
LOOKUP_ABOVE = 50
# Kept in place of the options when there are too many.
_LOOKUP = "\x00lookup"


class LookupSelect(CachedSelect):
    """A CachedSelect of a model's rows while they are few; beyond LOOKUP_ABOVE, a search box
    that takes a name or part of one (coalition.filters.LookupChoiceField reads it), with a
    `<datalist>` of the names that matched what was typed: a type-ahead without JavaScript.

    Which of the two is kept in place of the options, so deciding costs no query while they
    are current, and one bounded query when not."""

    def __init__(self, attrs=None, choices=(), *, key: str, scopes: tuple[str, ...]):
        super().__init__(attrs, choices, key=key, scopes=scopes)
        # Set by the field as it reads the value: the names proposed, and the row it found.
        self.proposals: list[str] = []
        self.chosen: tuple[str, str] | None = None

    def render_options(self, name, renderer=None) -> str:
        # One query of at most LOOKUP_ABOVE + 1 rows decides, and gives the options when few.
        bounded = copy.copy(self.choices)
        bounded.queryset = bounded.queryset[: LOOKUP_ABOVE + 1]
        choices = list(iter(bounded))  # list(bounded) would count the rows first (len)
        if sum(1 for value, _label in choices if value != "") > LOOKUP_ABOVE:
            return _LOOKUP
        every, self.choices = self.choices, choices
        try:
            return super().render_options(name, renderer)
        finally:
            self.choices = every

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.proposals, copied.chosen = [], None
        return copied

    def render(self, name, value, attrs=None, renderer=None):
        options = self.kept_options(name, renderer)
        if options != _LOOKUP:
            return self.render_select(options, name, value, attrs)
        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.get("id") or f"id_{name}"
        # The hint after the box, named by it with the field's help and errors.
        hint_id = f"{field_id}_lookup"
        attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby"), hint_id]))
        text = "" if value is None else str(value)
        if self.chosen and self.chosen[0] == text:
            text = self.chosen[1]
        datalist = ""
        if self.proposals:
            attrs["list"] = f"{field_id}_proposals"
            datalist = format_html(
                '<datalist id="{}">{}</datalist>',
                attrs["list"],
                format_html_join(
                    "", '<option value="{}"></option>', ((p,) for p in self.proposals)
                ),
            )
        return format_html(
            '<input type="search" name="{}" value="{}"{}>{}'
            '<div class="field__help" id="{}">{}</div>',
            name,
            text,
            flatatt(attrs),
            datalist,
            hint_id,
            _("Type a name, or part of one, in English or Spanish."),
        )


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
