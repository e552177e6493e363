"""Site search: what each app lets people find, and how a query finds it.

The kernel knows no app. Each domain app registers its searchable kinds from its
`AppConfig.ready()` (`register(Kind(...))`, in `<app>/search.py`): a name, a label, the public
rows, the versions they depend on, the `Document` (which translated fields are searched, which
plain ones, extra words per language) and how to show a row (title, address, a line under the
title). Adding a kind is those few lines, plus the document's GIN indexes in the model's
`Meta.indexes` (`Document.indexes`) and their migration (`AddSearchIndex`, PostgreSQL only).
The search page (portal/search.py) and the keyword boxes (events, the partner directory) call
`matching`, `ranked` and `hits`.

PostgreSQL: full-text search in the configurations `coalition_en` and `coalition_es`
(coalition/migrations/0007: copies of English and Spanish whose words go through `unaccent`
before the stemmer, so "educacion" finds "educación" and back). A row's document in a language
is `Document.vector(code)`: its title (weight A) and body (weight B) in that language's
columns, and its plain fields. Both languages are searched, the reader's first in the ranking:
a text written only in English is still found by a Spanish reader. Each condition is exactly
the expression of a GIN index, so the planner can use them
(tests/coalition/test_search.py reads EXPLAIN). Plain words are matched one by one (each must be
in the text or the extra words: "childcare Boston"; stop words are left out); a query with
"quotes", -minus or "or" goes whole to `websearch_to_tsquery`. Extra words (an event offering
childcare is found by "childcare" and "cuidado infantil") are the query against the words
alone, a constant the planner folds away when false, and the row's condition
(`Extra.condition`, which may read another table). Snippets come from `ts_headline`, between
private-use markers replaced by `<mark>` once the text is escaped (`marked`).

SQLite (development and the test suite): each word or "phrase" must appear in the row's texts
(any language), both folded to lowercase without accents by `coalition_fold`, a function
registered on each SQLite connection; -minus leaves rows out; no stemming. Snippets are cut and
marked in Python (`python_snippet`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections, migrations
from django.db.backends.signals import connection_created
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coalition.translation import (
    LANGUAGE_CODES,
    active_language,
    in_language,
    language_of,
    localized,
    reading_order,
)

# The text search configuration of each language (created by coalition/migrations/0007).
CONFIGS = {"en": "coalition_en", "es": "coalition_es"}
# The longest query a box takes (characters); longer is refused with a message by the field.
MAX_QUERY_LENGTH = 200
# Around each highlighted word: never in a text people write (private-use characters).
MARK_START, MARK_STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 30


def fold(text: str) -> str:
    """Lowercase, without accents: "Educación" → "educacion"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@receiver(connection_created)
def _add_fold_to_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("coalition_fold", -1, _fold_all, deterministic=True)


def _fold_all(*texts) -> str:
    """SQLite's `coalition_fold(a, b, …)`: the texts, folded, one space apart."""
    return fold(" ".join(text for text in texts if text))


def words_of(query: str) -> list[str]:
    """The words of a query, folded (SQLite's matching and every highlighting in Python)."""
    return [word for word in re.findall(r"\w+", fold(query)) if word]


@dataclass(frozen=True)
class Extra:
    """Words a row is also found by, in each language, when `condition` holds for it: a Q, or
    a function returning one (to name a model defined later)."""

    condition: Q | Callable[[], Q]
    words: dict[str, str]

    def q(self) -> Q:
        return self.condition() if callable(self.condition) else self.condition


@dataclass(frozen=True)
class Document:
    """What of a model's rows is searched: translated fields (modeltranslation's `_en`/`_es`
    columns), the title first, and extra words."""

    title: str | None
    body: tuple[str, ...] = ()
    extras: tuple[Extra, ...] = ()
    # Fields written once for every language (a city's name), searched in each.
    plain: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        return ((self.title,) if self.title else ()) + self.body

    def vector(self, code: str):
        """The row's document in language `code`: the same expression as its GIN index."""
        config = CONFIGS[code]
        parts = []
        if self.title:
            parts.append(SearchVector(f"{self.title}_{code}", weight="A", config=config))
        if self.body or self.plain:
            columns = [f"{name}_{code}" for name in self.body] + list(self.plain)
            parts.append(SearchVector(*columns, weight="B", config=config))
        vector = parts[0]
        for part in parts[1:]:
            vector = vector + part
        return vector

    def indexes(self, prefix: str) -> list[GinIndex]:
        """For the model's `Meta.indexes`: one GIN index per language (its migration adds them
        with `AddSearchIndex`, PostgreSQL only)."""
        return [GinIndex(self.vector(code), name=f"{prefix}_search_{code}") for code in CONFIGS]


class AddSearchIndex(migrations.AddIndex):
    """A `Document.indexes` index: created on PostgreSQL only (SQLite has no full-text
    functions; its search needs none)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


@dataclass(frozen=True)
class Kind:
    """A kind of thing the search page finds."""

    name: str
    label: str
    document: Document
    # The rows anyone may see, with what `title`, `url` and `line` read (select_related).
    queryset: Callable[[], QuerySet]
    # The versions (coalition.versions) the rows depend on, for the page's cache.
    scopes: tuple[str, ...]
    title: Callable[[object], str] = field(default=lambda obj: localized(obj, "name"))
    url: Callable[[object], str] = field(default=lambda obj: obj.get_absolute_url())
    line: Callable[[object], str] | None = None
    # Among rows equally relevant: field names ("-starts_at") or expressions.
    ordering: tuple = ("-pk",)
    # Where its group stands on the search page (lowest first).
    position: int = 100


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.name] = kind


def kinds() -> list[Kind]:
    """Every kind, in the order of their groups on the search page."""
    return sorted(_kinds.values(), key=lambda kind: (kind.position, kind.name))


def kind_named(name: str) -> Kind:
    return _kinds[name]


def scopes() -> tuple[str, ...]:
    """The versions every kind's rows depend on."""
    return tuple(dict.fromkeys(scope for kind in _kinds.values() for scope in kind.scopes))


def _vendor(queryset: QuerySet) -> str:
    return connections[queryset.db].vendor


# Matching


def matching(queryset: QuerySet, document: Document, query: str, *, language=None) -> QuerySet:
    """The rows of `queryset` whose document matches `query` (words, "a phrase", -not, or), in
    any language, the reader's first. An empty query matches nothing."""
    query = " ".join((query or "").split())
    if not words_of(query):
        return queryset.none()
    if _vendor(queryset) == "postgresql":
        return _postgres_matching(queryset, document, query, language)
    return _folded_matching(queryset, document, query)


def _search_query(query: str, code: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=CONFIGS[code])


def _postgres_matching(queryset, document, query, language):
    codes = reading_order(language)
    aliases = {f"_search_{code}": document.vector(code) for code in codes}
    for n, extra in enumerate(document.extras):
        for code in codes:
            aliases[f"_extra_{n}_{code}"] = SearchVector(
                Value(extra.words.get(code, "")), config=CONFIGS[code]
            )
    queryset = queryset.alias(**aliases)
    if _has_operators(query):
        # Phrases, "or", -not: the whole query against each language's document.
        return queryset.filter(_found(document, codes, lambda code: _search_query(query, code)))
    # Plain words: each must be found, in the texts or the extra words, in either language.
    for n, word in enumerate(query.split()):
        queries = {code: SearchQuery(word, config=CONFIGS[code]) for code in codes}
        found = _found(document, codes, queries.get)
        for code in codes:
            # A word without meaning (a stop word: "de", "the") is left out: a constant.
            lexemes = Func(queries[code], function="numnode", output_field=IntegerField())
            queryset = queryset.alias(**{f"_lexemes_{n}_{code}": lexemes})
            found |= Q(**{f"_lexemes_{n}_{code}": 0})
        queryset = queryset.filter(found)
    return queryset


def _found(document: Document, codes, query_in) -> Q:
    """The row's document in some language matches `query_in(code)`, or an extra's words do
    and its condition holds. The words alone against the query are a constant, which the
    planner folds away when false: the GIN indexes stay usable."""
    found = Q()
    for code in codes:
        found |= Q(**{f"_search_{code}": query_in(code)})
        for n, extra in enumerate(document.extras):
            found |= Q(**{f"_extra_{n}_{code}": query_in(code)}) & extra.q()
    return found


def _has_operators(query: str) -> bool:
    return bool(re.search(r'"|(^|\s)-\w|\s(or)\s', query, re.IGNORECASE))


def _folded(document: Document, codes: Iterable[str]):
    columns = [F(f"{name}_{code}") for name in document.fields for code in codes]
    columns += [F(name) for name in document.plain]
    return Func(*columns, function="coalition_fold", output_field=TextField())


def _spaced(parts):
    for n, part in enumerate(parts):
        if n:
            yield Value(" ")
        yield part


def _terms(query: str) -> list[tuple[bool, str]]:
    """SQLite's reading of websearch syntax: (wanted, folded words) for each word or "quoted
    phrase", a leading minus for what must not be there; "or" is read as a plain word."""
    terms = []
    for minus, phrase, word in re.findall(r'(-?)(?:"([^"]*)"?|(\S+))', query):
        words = " ".join(words_of(phrase or word))
        if words:
            terms.append((not minus, words))
    return terms


def _folded_matching(queryset, document, query):
    queryset = queryset.alias(_folded=_folded(document, LANGUAGE_CODES))
    for wanted, words in _terms(query):
        found = Q(_folded__contains=words)
        for extra in document.extras:
            if any(words in fold(text) for text in extra.words.values()):
                found |= extra.q()
        queryset = queryset.filter(found) if wanted else queryset.exclude(found)
    return queryset


def wanted_words(query: str) -> list[str]:
    """The words the results must hold (for highlighting): not the ones after a minus."""
    return [word for wanted, words in _terms(query) if wanted for word in words.split()]


# Ranking and snippets


def ranked(
    queryset: QuerySet,
    document: Document,
    query: str,
    *,
    language=None,
    ordering: Iterable = ("-pk",),
) -> QuerySet:
    """`matching`, the most relevant first (then `ordering`), each row with `search_rank`,
    `search_snippet` (PostgreSQL: the marked headline of the body) and `search_total`, the
    number of matching rows (a window count: a page of rows and its total in one query)."""
    code = active_language(language)
    rows = matching(queryset, document, query, language=code)
    postgres = _vendor(queryset) == "postgresql"
    if postgres:
        rank = SearchRank(document.vector(code), _search_query(query, code))
        for other in reading_order(code)[1:]:
            rank = rank + SearchRank(document.vector(other), _search_query(query, other)) * 0.5
        rows = rows.annotate(
            search_snippet_lang=language_of((document.body or document.fields)[0], language=code),
            search_snippet=SearchHeadline(
                _reader_text(document, code),
                _search_query(query, code),
                config=CONFIGS[code],
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=SNIPPET_WORDS,
                min_words=SNIPPET_WORDS // 2,
            ),
        )
    elif document.title:
        # Rows with the first word in their title first.
        first = (wanted_words(query) or [""])[0]
        rows = rows.alias(_folded_title=_folded(Document(document.title), LANGUAGE_CODES))
        rank = Case(
            When(_folded_title__contains=first, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    else:
        rank = Value(0.0, output_field=FloatField())
    # A row that offers what the query asks for (childcare) ranks as a title would.
    for n, extra in enumerate(document.extras):
        if postgres:
            asked = Q()
            for other in reading_order(code):
                asked |= Q(**{f"_extra_{n}_{other}": _search_query(query, other)})
        else:
            words = fold(" ".join(extra.words.values()))
            asked = Q() if all(word in words for word in words_of(query)) else None
        if asked is not None:
            bonus = Case(When(asked & extra.q(), then=Value(1.0)), default=Value(0.0))
            rank = rank + bonus
    rows = rows.annotate(search_rank=ExpressionWrapper(rank, output_field=FloatField()))
    order = [_order_by(item) for item in ordering]
    return rows.annotate(search_total=Window(Count("*"))).order_by("-search_rank", *order)


def _order_by(item):
    if not isinstance(item, str):
        return item
    return F(item[1:]).desc() if item.startswith("-") else F(item).asc()


def _reader_text(document: Document, code: str):
    """The body as the reader reads it: their language's columns, else the other's."""
    parts = [in_language(name, language=code) for name in document.body or document.fields]
    if len(parts) == 1:
        return parts[0]
    return Concat(*_spaced(parts), output_field=TextField())


@dataclass(frozen=True)
class Hit:
    """One row found, as the search page shows it."""

    obj: object
    title: str
    url: str
    line: str
    snippet: SafeString
    # The language the snippet is written in (the reader's, unless the row has no text in it).
    lang: str


def hits(kind: Kind, rows: Iterable, query: str, *, language=None) -> list[Hit]:
    """The rows of `ranked` as the page shows them, each with its marked snippet."""
    code = active_language(language)
    words = wanted_words(query)
    found = []
    for obj in rows:
        snippet = getattr(obj, "search_snippet", None)
        lang = getattr(obj, "search_snippet_lang", code)
        if snippet is None:  # SQLite: cut and marked here
            texts = [
                localized(obj, name, language=code)
                for name in kind.document.body or kind.document.fields
            ]
            lang = texts[0].lang
            snippet = python_snippet(" ".join(texts), words)
        found.append(
            Hit(
                obj=obj,
                title=kind.title(obj),
                url=kind.url(obj),
                line=kind.line(obj) if kind.line else "",
                snippet=marked(snippet),
                lang=lang,
            )
        )
    return found


def marked(text: str) -> SafeString:
    """The text escaped, its marked words (between MARK_START and MARK_STOP) in `<mark>`."""
    html, inside = [], False
    for piece in re.split(f"([{MARK_START}{MARK_STOP}])", text or ""):
        if piece == MARK_START:
            if not inside:
                html.append("<mark>")
            inside = True
        elif piece == MARK_STOP:
            if inside:
                html.append("</mark>")
            inside = False
        else:
            html.append(escape(piece))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # nosec B308 B703 (every piece escaped above)


def python_snippet(text: str, words: list[str], *, width: int = 220) -> str:
    """About `width` characters of `text` around the first word found, each word found between
    the markers; accents and case do not matter."""
    text = " ".join((text or "").split())
    folded, origin = [], []
    for position, char in enumerate(text):
        for folded_char in fold(char):
            folded.append(folded_char)
            origin.append(position)
    folded = "".join(folded)
    spans = sorted(
        (origin[m.start()], origin[m.end() - 1] + 1)
        for word in words
        for m in re.finditer(re.escape(word), folded)
    )
    start = max(0, spans[0][0] - width // 3) if spans else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    out, at = [], start
    for span_start, span_end in spans:
        if span_start < at or span_end > end:
            continue
        out += [text[at:span_start], MARK_START, text[span_start:span_end], MARK_STOP]
        at = span_end
    out.append(text[at:end])
    return ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")
