"""The heavy part of a public page of the app (its main content: objectives, figures, partners),
rendered once per version of what it shows and kept in the shared cache, so that the same page
under another address (a tracking parameter, a campaign link, another visitor's session) is not
rendered again.

The key is the part's name, the language, what else it varies on (partner staff see more) and the
query parameters it reads (`page`, a list's filters); the part is kept with
`coalition.versions.stamp` of the page's scopes, read before any row (with it, in one round
trip), and used only while they are the same: a write that bumps one of them makes it stale at
once. The time
limit is the whole-page cache's (`PAGE_CACHE_SECONDS`), for what time alone changes (an event
becoming past, a milestone overdue). While Redis is away it is rendered live, never kept in the
process's memory (coalition.cache.shared_cache_away).

The part is rendered without the visitor's request: a stand-in gives the templates the path and
only the parameters the key holds (pagination links), so nothing of one visitor reaches another.
"""

import hashlib
from collections.abc import Callable, Iterable
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from coalition import versions
from coalition.cache import shared_cache_away

PREFIX = "fragment:"


def _read(request, params: Iterable[str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name in params:
        values = request.GET.getlist(name)
        if values:
            query.setlist(name, values)
    return query


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
    what = f"{name}|{get_language()}|{vary!r}|{request.path}|{query.urlencode()}"
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
