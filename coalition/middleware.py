"""What every request passes through: the security headers beside django-csp's
Content-Security-Policy, a 400 for NUL characters, a 503 while the database is away, and a
session pushed back at most once a minute."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from coalition.http import TryAgainLater, UnreadableRequest, no_store

logger = logging.getLogger(__name__)

# The account pages (allauth: sign-in, signup, email, password, codes by email, two-factor
# and its recovery codes) carry secrets or say who someone is, and the admin shows anyone's
# data: no cache may keep them.
NO_STORE_PREFIXES = ("/accounts/", "/admin/")


class SecurityHeadersMiddleware:
    """Adds `Permissions-Policy` to every response, and `Cache-Control: no-store` to every
    account and two-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        if request.path_info.startswith(NO_STORE_PREFIXES):
            no_store(response)
        return response


class RejectNulMiddleware:
    """A NUL character in the address or in a posted form is never meant: PostgreSQL refuses to
    store or compare it. Such a request is answered 400 before any view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path_info, *request.GET.keys()]
        values += [value for _key, value in request.GET.lists() for value in value]
        if request.content_type == "application/x-www-form-urlencoded":
            values += [*request.POST.keys()]
            values += [value for _key, value in request.POST.lists() for value in value]
        if any("\x00" in value for value in values):
            raise UnreadableRequest(_("The address or the form holds a character no page accepts."))
        return self.get_response(request)


class TryAgainMiddleware:
    """A view that cannot go on for a moment answers 503 with Retry-After and a page that says
    nothing was saved, never a bare 500: a TryAgainLater (such as an event's seat lock held too
    long) with its own page, or the database down or restarting, with a page that reads neither
    the database nor the session (both may be what failed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TryAgainLater):
            response = render(request, exception.template, status=503)
        elif isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable: %s", type(exception).__name__)
            response = HttpResponse(render_to_string(TryAgainLater.template), status=503)
            exception = TryAgainLater()
        else:
            return None
        response["Retry-After"] = str(exception.retry_after)
        no_store(response)
        return response


# When the session was last written (seconds since the epoch), kept in the session itself.
SAVED_AT_SESSION_KEY = "saved_at"
REFRESH_AFTER = 60  # seconds


class SessionRefreshMiddleware:
    """Sessions end after two idle weeks (SESSION_COOKIE_AGE) and every request pushes the end
    back, yet a session is written only when it changed or when its last write is a minute old:
    an active person's session costs one write a minute, not one a request. A visitor without a
    session never gets one from here.

    After SessionMiddleware in MIDDLEWARE, so that it runs before it on the way out and the
    session it marks is saved (with its cookie) by Django."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():  # no cookie, or signed out by this request
            return response
        saved_at = session.get(SAVED_AT_SESSION_KEY)
        if session.is_empty():  # the cookie named a session that has ended
            return response
        now = int(time.time())
        # A clock that went back counts as a minute gone: never a session left unrefreshed.
        if session.modified or saved_at is None or not 0 <= now - saved_at < REFRESH_AFTER:
            session[SAVED_AT_SESSION_KEY] = now
        return response
