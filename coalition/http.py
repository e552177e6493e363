"""Responses every app builds the same way: never stored, CSV files, links back to the site."""

import csv
from collections.abc import Iterable
from functools import wraps

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from coalition.spreadsheets import safe_cell


def no_store(response):
    """A page with personal data (or a private link): no cache, shared or the browser's own,
    may keep it."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


def csrf_for_members(view):
    """A public form that sits on a page shared by every visitor (cached whole, so with no CSRF
    cookie or token for anonymous people): its POST checks CSRF only for a signed-in person,
    whose session a forged request could use. Anonymous sends change nothing without a link
    confirmed by email, which is the protection there."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.user.is_authenticated:
            refused = CsrfViewMiddleware(view).process_view(request, view, args, kwargs)
            if refused is not None:
                return refused
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)


def csv_response(rows: Iterable[Iterable] | str, *, filename: str) -> HttpResponse:
    """A CSV download. `rows` are lists of cells, each written so that a spreadsheet never runs
    it as a formula, or text already written that way. A byte order mark comes first, so that
    spreadsheet programs read the accents right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    if isinstance(rows, str):
        response.write(rows)
    else:
        writer = csv.writer(response)
        writer.writerows([safe_cell(value) for value in row] for row in rows)
    return response


def site_url(request) -> str:
    """Scheme and host of this site, for the links in emails sent while answering a request."""
    return request.build_absolute_uri("/").rstrip("/")


class UnreadableRequest(BadRequest):
    """A request whose values no page accepts (a NUL character, an id that is not a number):
    answered 400 with this message (coalition.views.bad_request), never a 500."""


class TryAgainLater(Exception):
    """What the request needs is busy for a moment, and nothing was written: answered 503 with
    Retry-After and `template`, never a 500 (coalition.middleware.TryAgainMiddleware)."""

    retry_after = 30  # seconds, for the Retry-After header
    template = "503.html"
