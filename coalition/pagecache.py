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
    set_response_etag,
)
from django.utils.http import urlencode
from django.utils.translation import get_language

from coalition import versions
from coalition.cache import shared_cache_away

PREFIX = "page:"
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


def _storable(request, response) -> bool:
    """A 200 that is the same for every such visitor: it set no cookie, wrote no session,
    added no message and was not marked private by the view."""
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and bool(response.content)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
        and not getattr(messages, "added_new", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _key(request) -> str:
    """One key per address and language; the versions the page was made at are kept with it."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{get_language()}|{request.scheme}://{request.get_host()}{request.path}?{query}"
    return PREFIX + hashlib.sha256(address.encode()).hexdigest()


def public_page(*scopes: str):
    """Serve the view's page from the shared cache to anonymous visitors; `scopes` are every
    part of the data the page shows (coalition.versions)."""

    def decorator(view):
        def unshared(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            # The same address answers anonymous visitors with a shared page.
            patch_vary_headers(response, ("Cookie",))
            return response

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _shareable(request):
                return unshared(request, *args, **kwargs)
            key = _key(request)
            # One round trip: the versions now, and the page with the versions it was made at.
            stamp, kept = versions.stamp_and_get(key, *scopes)
            if _redis_away():  # it failed just now: the answers came from this process's memory
                return unshared(request, *args, **kwargs)
            if kept is not None and kept[0] == stamp:
                _, body, headers = kept
                response = HttpResponse(body, headers=headers)
            else:
                response = view(request, *args, **kwargs)
                if not _storable(request, response):
                    patch_vary_headers(response, ("Cookie",))
                    return response
                set_response_etag(response)
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                kept = (stamp, response.content, headers)
                cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
            # Any cache downstream must ask again (a 304 is cheap): a change shows at once.
            patch_cache_control(response, public=True, no_cache=True)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return get_conditional_response(request, etag=response["ETag"], response=response)

        wrapped.page_scopes = scopes
        return wrapped

    return decorator
