"""Whole public pages kept in the shared cache, for visitors who are nobody in particular.

A page is shared only with a visitor who has no session and no message waiting (no session or
messages cookie), for GET and HEAD, and kept only when it is a 200 that set no cookie (no CSRF
token, no session, no message). Its key is the address (query sorted) and the language the
LocaleMiddleware chose; it is kept with `versions.stamp` of the scopes the page reads, read
before the view. A write that changes what the page shows bumps one of them, so the next request
finds a stamp that differs and renders afresh. `PAGE_CACHE_SECONDS` is only the safety net
(what time alone changes: an event becoming past). A hit costs one round trip to Redis (the
versions and the page in one MGET) and no query; the middleware still runs, so the security
headers are on every answer. Each shared page carries an ETag (a hash of its body) and answers
a matching If-None-Match with 304. While Redis is away (`is_using_fallback`), nothing is read or
kept: one process's memory would never be invalidated by the others' writes.

A signed-in person's pages (a public page seen signed in, /me/, the dashboard) are kept the
same way for that person alone: keyed also on their id, session and CSRF cookie, and made stale
by their roles and by every scope a person's own rows can change (`versions.PERSONAL`), besides
the page's own. Never served or kept while a message waits for them.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import quote_etag, urlencode
from django.utils.translation import get_language

from coalition import versions
from coalition.cache import shared_cache_away
from coalition.permissions import roles_scope

PREFIX = "page:"
PERSONAL_PREFIX = "page:person:"
# What a page is besides its body (a calendar file is an attachment).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "ETag")


def _redis_away() -> bool:
    return shared_cache_away()


def _shareable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not _redis_away()
    )


def _storable(request, response, *, personal: bool = False) -> bool:
    """A 200 that is the same for every such visitor: it set no cookie, wrote no session,
    added no message and was not marked private by the view. A person's page may carry CSRF
    tokens, when they are made from the CSRF cookie the browser sent (its key names it)."""
    messages = getattr(request, "_messages", None)
    if personal:
        csrf_ok = request.META.get("CSRF_COOKIE") == request.COOKIES.get(
            settings.CSRF_COOKIE_NAME, ""
        ) or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    else:
        csrf_ok = not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    return (
        response.status_code == 200
        and not response.streaming
        and bool(response.content)
        and not response.cookies
        and csrf_ok
        and not getattr(getattr(request, "session", None), "modified", False)
        and not getattr(messages, "added_new", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _set_etag(response) -> None:
    """Django's set_response_etag, with SHA-256 for MD5: where the processor computes it (most
    servers' do), several times faster on a page the size of the dashboard."""
    response.headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])


def _address(request) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return f"{get_language()}|{request.scheme}://{request.get_host()}{request.path}?{query}"


def _key(request) -> str:
    """One key per address and language; the versions the page was made at are kept with it."""
    return PREFIX + hashlib.sha256(_address(request).encode()).hexdigest()


def _personal(request) -> bool:
    """A signed-in person's GET with no message waiting for them."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and user is not None
        and user.is_authenticated
        and "messages" not in request.COOKIES
        and not request.session.get("_messages")
        and not _redis_away()
    )


def _personal_key(request) -> str:
    """The person, their session and CSRF cookie (the page's forms carry a token made from
    it), and the address: a page kept for one browser is never shown to another."""
    who = "|".join(
        (
            str(request.user.pk),
            request.session.session_key or "",
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        )
    )
    return PERSONAL_PREFIX + hashlib.sha256(f"{who}|{_address(request)}".encode()).hexdigest()


def _for_person(request, scopes, render):
    """The person's own copy of the page (`_kept_or_rendered`), stale with `scopes`, what a
    person's own rows change and their roles."""
    scopes = (*scopes, *versions.PERSONAL, roles_scope(request.user.pk))
    return _kept_or_rendered(request, _personal_key(request), scopes, render, personal=True)


def _kept_or_rendered(request, key, scopes, render, *, personal: bool):
    """The page kept under `key` if it was made at the versions of `scopes` now, else the view's
    answer, kept when it may be; None when Redis failed just now (render it unshared)."""
    # One round trip: the versions now, and the page with the versions it was made at.
    stamp, kept = versions.stamp_and_get(key, *scopes)
    if _redis_away():  # it failed just now: the answers came from this process's memory
        return None
    if kept is not None and kept[0] == stamp:
        _, body, headers = kept
        response = HttpResponse(body, headers=headers)
    else:
        response = render()
        if not _storable(request, response, personal=personal):
            patch_vary_headers(response, ("Cookie",))
            return response
        _set_etag(response)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        cache.set(key, (stamp, response.content, headers), timeout=settings.PAGE_CACHE_SECONDS)
    # Any cache downstream must ask again (a 304 is cheap): a change shows at once. A person's
    # page is theirs alone: no shared cache may keep it.
    if personal:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return get_conditional_response(request, etag=response["ETag"], response=response)


def per_person(*scopes: str):
    """Keep a signed-in person's page for them (their session and browser alone), until a
    write bumps one of `scopes`, one of `versions.PERSONAL` (what a person's own rows change)
    or their roles. Below the view's permission check: only a page the person may see is
    served. A page with a message for them is neither served from nor kept in the cache."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            def render():
                return view(request, *args, **kwargs)

            answer = _for_person(request, scopes, render) if _personal(request) else None
            if answer is not None:
                return answer
            response = render()
            patch_vary_headers(response, ("Cookie",))
            return response

        wrapped.page_scopes = scopes
        return wrapped

    return decorator


def public_page(*scopes: str):
    """Serve the view's page from the shared cache to anonymous visitors; `scopes` are every
    part of the data the page shows (coalition.versions). A signed-in person's copy is kept
    for them alone, as `per_person` does."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            def render():
                return view(request, *args, **kwargs)

            answer = None
            if _shareable(request):
                answer = _kept_or_rendered(request, _key(request), scopes, render, personal=False)
            elif _personal(request):
                answer = _for_person(request, scopes, render)
            if answer is not None:
                return answer
            response = render()
            # The same address answers anonymous visitors with a shared page.
            patch_vary_headers(response, ("Cookie",))
            return response

        wrapped.page_scopes = scopes
        return wrapped

    return decorator
