"""Pieces of a page kept in the shared cache and reused across query strings: a list's filter
form, the cards of its rows, a panel of the home page. The whole page is kept per address
(coalition.pagecache); a piece is kept per version of what it shows, so the next address that
shows it (another page of the list, a link with a tracking parameter) renders it no more.

A piece is kept under a `stamp` (coalition.versions) of the scopes it shows, read by the view
before it reads the rows (as the contract asks: a write after the read bumps a version the
piece was not kept under), the language, and what else it depends on (`vary`: a row's id, the
filters in use, whether an event is over). While Redis is away the stamp is None and every
piece is rendered live, never kept in one process's memory: the others' writes would never
reach it. Used from templates with the `fragments` tags (`keep`, `keep_each`).

Whole parts of a page (its main content) are kept by `shared_parts`, from the view: rendered
without the visitor's request (a stand-in gives the templates the path and only the parameters
the key holds), kept with the stamp they were made at and read with the versions in one round
trip (`versions.stamp_and_get`, as the page cache).
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from coalition import versions
from coalition.cache import shared_cache_away

PREFIX = "fragment:"
# The versions make a piece exact; this only lets unused ones leave the cache.
TIMEOUT = 600


def stamp(*scopes: str) -> str | None:
    """The versions of `scopes`, to keep pieces under; None (render live) while Redis is away."""
    if shared_cache_away():
        return None
    value = versions.stamp(*scopes)
    return None if shared_cache_away() else value


def form_vary(form) -> tuple | None:
    """What a filter form's rendering depends on besides the data and the language: its class
    and the values given to its fields (not the page number or any other parameter). None when
    it has errors: a refused form is rendered live, with its messages."""
    if form.is_bound and form.errors:
        return None
    return (type(form).__module__, type(form).__qualname__, given_values(form.fields, form.data))


def given_values(names, data) -> tuple:
    """The values `data` (a query) gives to `names`, in their order: what a filter form shows of
    them, for a vary; a view that knows its filters need no form can use it without one."""
    return tuple(
        (name, tuple(data.getlist(name)) if hasattr(data, "getlist") else data.get(name))
        for name in names
        if name in data
    )


def key(name: str, stamp: str, vary: Sequence) -> str:
    digest = hashlib.sha256(repr(tuple(vary)).encode()).hexdigest()[:24]
    return f"{PREFIX}{name}:{translation.get_language()}:{stamp}:{digest}"


def keep(
    name: str,
    stamp: str | None,
    vary: Sequence,
    render: Callable[[], str],
    *,
    timeout: int = TIMEOUT,
) -> str:
    """`render()` (HTML, or a dict of HTML parts), kept under `stamp` and `vary`; live when
    there is no stamp (None, or a template's missing variable) or a vary is None."""
    if not stamp or any(value is None for value in vary) or shared_cache_away():
        return render()
    k = key(name, stamp, vary)
    html = cache.get(k)
    if html is None:
        html = render()
        if not shared_cache_away():
            cache.set(k, html, timeout)
    return html


def keep_each(
    name: str,
    stamp: str | None,
    items: Sequence[tuple[Sequence, object]],
    render: Callable,
    *,
    prepare: Callable | None = None,
    timeout: int = TIMEOUT,
) -> list[str]:
    """`render(item)` for each (vary, item), read and kept in one round trip each;
    `prepare(items)` first reads what rendering needs (a prefetch) for those not kept."""
    if not stamp or shared_cache_away():
        if prepare:
            prepare([item for vary, item in items])
        return [render(item) for vary, item in items]
    keys = [key(name, stamp, vary) for vary, item in items]
    found = cache.get_many(keys) if keys else {}
    if shared_cache_away():
        found = {}
    if prepare:
        prepare([item for k, (_vary, item) in zip(keys, items, strict=True) if k not in found])
    html, missing = [], {}
    for k, (_vary, item) in zip(keys, items, strict=True):
        piece = found.get(k)
        if piece is None:
            piece = render(item)
            if not shared_cache_away():
                missing[k] = piece
        html.append(piece)
    if missing and not shared_cache_away():
        cache.set_many(missing, timeout)
    return html


# -- whole parts of a page, kept from the view --


def _read(request, params: Iterable[str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name in params:
        values = request.GET.getlist(name)
        if values:
            query.setlist(name, values)
    return query


@contextmanager
def reading_only(request, params: Iterable[str]):
    """The request as a piece kept across addresses must see it: with only the query
    parameters its key holds, so that its links carry no other (a tracking tag, say)."""
    real = request.GET
    request.GET = _read(request, params)
    try:
        yield request
    finally:
        request.GET = real


def shared_parts(
    request,
    *,
    name: str,
    scopes: tuple[str, ...],
    build: Callable[[object], dict[str, str] | None],
    params: Iterable[str] = ("page",),
    vary: tuple = (),
) -> dict[str, str] | None:
    """The strings (HTML) `build(stand_in_request)` returns, from the shared cache when they
    were built already for this page, language, `vary` and version of `scopes`. `build` returns
    None for a page that is not to be shared (a refused filter: the page's error summary must
    see the form), and then so does this."""
    params = tuple(params)
    query = _read(request, params)
    stand_in = SimpleNamespace(GET=query, path=request.path)
    if shared_cache_away():
        parts = build(stand_in)
        return None if parts is None else _safe(parts)
    what = f"{name}|{translation.get_language()}|{vary!r}|{request.path}|{query.urlencode()}"
    key = PREFIX + hashlib.sha256(what.encode()).hexdigest()
    # One round trip: the versions now, and the part with the versions it was made at.
    stamp, kept = versions.stamp_and_get(key, *scopes)
    if kept is not None and kept[0] == stamp and not shared_cache_away():
        parts = kept[1]
    else:
        parts = build(stand_in)
        if parts is None:
            return None
        parts = {part: str(html) for part, html in parts.items()}
        if not shared_cache_away():  # it failed just now: nothing is kept in this process
            cache.set(key, (stamp, parts), settings.PAGE_CACHE_SECONDS)
    return _safe(parts)


def _safe(parts: dict[str, str]) -> dict[str, str]:
    # Rendered by our templates (autoescaped), or escaped by `build`.
    return {part: mark_safe(html) for part, html in parts.items()}  # nosec B308 B703


def render_part(template: str, context: dict, stand_in) -> str:
    """A template rendered as a shared part: no context processors (nothing of the visitor), the
    stand-in as `request`."""
    return render_to_string(template, {**context, "request": stand_in})
