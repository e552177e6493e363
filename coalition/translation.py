"""Which language a translated text is actually in, and how a query reads one.

`obj.title` (django-modeltranslation) gives the visitor's language and falls back to the other
one silently. A page must know when it fell back, so that the text carries its own `lang` and a
screen reader pronounces it right (WCAG 3.1.2).

Queries: on a registered model, modeltranslation rewrites `filter(title=…)` and
`order_by("title")` to the active language's column alone (`title_es`), with no fallback, so a
row without Spanish would sort apart from the others and match nothing. Here:

- `in_language("title")` is the text the reader sees (the active language's column, else the
  other one's), for `order_by`, `Meta.ordering`, `values` and `annotate`; it picks the language
  when the query is compiled, so a queryset written at import time still follows the request.
- `canonical("title")` is the same in English first: the key to group or match rows by (the
  English text, or the Spanish where a row has no English).
- `search_q("title", "icontains", words)` matches either language.
"""

from django.conf import settings
from django.db.models import Case, CharField, Expression, F, Q, TextField, Value, When
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Localized(str):
    """A text with the language it is written in (`lang`), and whether that is not the
    reader's (`fallback`): a str everywhere else (CSV, comparisons, plain text)."""

    lang: str
    fallback: bool

    def __new__(cls, text: str, lang: str, fallback: bool = False):
        obj = super().__new__(cls, text or "")
        obj.lang = lang
        obj.fallback = fallback
        return obj

    def __getnewargs__(self):
        return str(self), self.lang, self.fallback

    def __repr__(self):
        return f"Localized({str(self)!r}, {self.lang!r}, fallback={self.fallback})"

    @property
    def text(self) -> str:
        return str(self)


def active_language(language: str | None = None) -> str:
    """A language code of ours: `language`, else the active one, else the default."""
    return (language or get_language() or settings.LANGUAGE_CODE)[:2]


def reading_order(language: str | None = None) -> list[str]:
    """The languages a reader of `language` is given a text in: theirs, then the others."""
    wanted = active_language(language)
    return [wanted] + [code for code in LANGUAGE_CODES if code != wanted]


def localized(obj, field: str, *, language: str | None = None) -> Localized:
    """The text of `obj.<field>` for `language` (default: the active one), else the first other
    language that has it."""
    return localized_of(translations(obj, field), language=language)


def localized_of(texts: dict[str, str], *, language: str | None = None) -> Localized:
    """The text for `language` (default: the active one) of {code: text}, else the first other
    language that has one."""
    order = reading_order(language)
    for code in order:
        if texts.get(code):
            return Localized(texts[code], code, code != order[0])
    return Localized("", order[0], False)


def as_read(text: str, lang: str, *, language: str | None = None) -> Localized:
    """A text a query read with `in_language` and `language_of`, as a `Localized`; `lang` ""
    for a text of no language of ours (a city's name, say)."""
    wanted = active_language(language)
    return Localized(text or "", lang or wanted, bool(lang) and lang != wanted)


def translations(obj, field: str) -> dict[str, str]:
    """Every language's text of `obj.<field>` ("" where there is none)."""
    return {code: getattr(obj, f"{field}_{code}", None) or "" for code in LANGUAGE_CODES}


class InLanguage(Expression):
    """A translated field (`"name"`, `"initiative__name"`) as read in `language` (default: the
    language active when the query is compiled): that language's column, else the others'."""

    def __init__(self, field: str, language: str | None = None):
        super().__init__()
        self.path = field
        self.language = language

    def __repr__(self):
        return f"{self.__class__.__name__}({self.path!r}, {self.language!r})"

    def concrete(self) -> Coalesce:
        columns = [F(f"{self.path}_{code}") for code in reading_order(self.language)]
        return Coalesce(*(NullIf(column, Value("")) for column in columns))

    def resolve_expression(self, query=None, *args, **kwargs):
        # Each language's column has a field class of its own: say which plain one they share.
        concrete = self.concrete()
        output = CharField() if isinstance(self._field(query.model), CharField) else TextField()
        concrete.output_field = output
        for column in concrete.get_source_expressions():
            column.output_field = output
        return concrete.resolve_expression(query, *args, **kwargs)

    def _field(self, model):
        *relations, name = self.path.split(LOOKUP_SEP)
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        return model._meta.get_field(name)

    def prefix_references(self, prefix):
        # Ordering by a relation whose model orders by this expression.
        return InLanguage(f"{prefix}{self.path}", self.language)

    def get_source_expressions(self):
        return []


class LanguageOf(InLanguage):
    """The language `InLanguage(field, language)` finds a text in: the code of the first column
    of the reading order that has one (the first language when none has)."""

    def concrete(self) -> Case:
        order = reading_order(self.language)
        return Case(
            *(
                When(
                    ~Q(**{f"{self.path}_{code}": ""}) & Q(**{f"{self.path}_{code}__isnull": False}),
                    then=Value(code),
                )
                for code in order
            ),
            default=Value(order[0]),
            output_field=CharField(),
        )

    def resolve_expression(self, *args, **kwargs):
        return self.concrete().resolve_expression(*args, **kwargs)

    def prefix_references(self, prefix):
        return LanguageOf(f"{prefix}{self.path}", self.language)


def language_of(field: str, *, language: str | None = None) -> LanguageOf:
    """With `in_language(field)`, to tell which language a text read by a query is in."""
    return LanguageOf(field, language)


def in_language(field: str, *, language: str | None = None) -> InLanguage:
    """See the module's docstring; `.desc()` for a descending order."""
    return InLanguage(field, language)


def canonical(field: str) -> InLanguage:
    """The key of a translated text: its English, else its Spanish."""
    return InLanguage(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def both(field: str) -> list[str]:
    """Every language's column of a translated field (`"name"`, `"event__title"`), for the
    admin's `search_fields`."""
    return [f"{field}_{code}" for code in LANGUAGE_CODES]


def search_q(field: str, lookup: str, value) -> Q:
    """`<field>__<lookup>=value` in any language's column."""
    q = Q()
    for column in both(field):
        q |= Q(**{f"{column}__{lookup}": value})
    return q
