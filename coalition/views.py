import datetime as dt
import json
import logging
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from coalition import accounts, fragments, ratelimits, selectors, services, versions
from coalition.forms import AccountDeleteForm, ProfileForm
from coalition.http import UnreadableRequest, no_store
from coalition.pagecache import per_person
from coalition.permissions import client_ip, personal_page, roles_of, roles_scope

logger = logging.getLogger("coalition.security")


@never_cache
@require_safe
def healthz(request):
    """The database, Redis and the oldest unsent email, as JSON: 200 when the database and Redis
    (when configured) answer, 503 when either does not."""
    report = selectors.health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def bad_request(request, exception=None):
    """400 in the site's layout, with the reason when it is one of ours."""
    reason = str(exception) if isinstance(exception, UnreadableRequest) else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def permission_denied(request, exception=None):
    """403 in the site's layout, logged without anything but the account number and path."""
    logger.warning(
        "permission denied: user=%s path=%s outcome=403",
        request.user.pk if request.user.is_authenticated else "anonymous",
        request.path,
    )
    return render(request, "403.html", status=403)


def too_many_requests(request):
    """429 for allauth's limits and ours (coalition.ratelimits): what was paused, what to do
    meanwhile and when to try again (also as Retry-After)."""
    limited = ratelimits.refused(request)
    wait = ratelimits.seconds_to_wait(request, limited)
    logger.warning(
        "rate limited: user=%s path=%s action=%s outcome=429",
        request.user.pk if request.user.is_authenticated else "anonymous",
        request.path,
        limited.action or "unknown",
    )
    context = {"kind": limited.kind, "about": limited.about}
    if wait is not None:
        context.update(
            wait_minutes=math.ceil(wait / 60),
            try_again_at=timezone.now() + dt.timedelta(seconds=wait),
        )
    response = render(request, "429.html", context, status=429)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response


# --- The language links in every page's header ------------------------------------------------


def _remember_language(response, language: str):
    """Django's language cookie, with the attributes its own set_language gives it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def language(request, code):
    """Switch to `code` and go back to `next`: a plain link, so that no page needs a form (and
    its CSRF cookie) for it, and every anonymous page can be shared by a cache. A signed-in
    person keeps the choice on their account too, as on /me/."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    if request.user.is_authenticated and request.user.preferred_language != code:
        services.user_profile_update(
            user=request.user,
            name=request.user.name,
            preferred_language=code,
            ip=client_ip(request),
        )
    return no_store(_remember_language(HttpResponseRedirect(back), code))


# --- My account (/me/) --------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@personal_page
@per_person()
def me(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.user_profile_update(
            user=request.user,
            name=form.cleaned_data["name"],
            preferred_language=form.cleaned_data["preferred_language"],
            ip=client_ip(request),
        )
        # The chosen language becomes the site's language straight away.
        translation.activate(user.preferred_language)
        messages.success(request, _("Your details are saved."))
        return _remember_language(redirect("me:index"), user.preferred_language)
    # The page's parts are kept for the person, in any session, until one of their rows or
    # roles changes (the versions the page cache keeps their pages under); a part with a form,
    # for their browser's CSRF secret alone (its tokens are made from it).
    user = request.user
    secret = request.META.get("CSRF_COOKIE")
    stamp = fragments.stamp(*versions.PERSONAL, roles_scope(user.pk))
    context = {
        "form": form,
        "has_two_factor": lambda: roles_of(user).has_mfa,  # read only if the part is rendered
        "stamp": stamp,
        # A form sent back with its errors is rendered live.
        "profile_vary": (user.pk, secret) if secret and not form.is_bound else None,
        "sections": _my_sections(request, stamp, secret),
    }
    return render(request, "coalition/me.html", context, status=400 if form.errors else 200)


def _my_sections(request, stamp: str | None, secret: str | None) -> list[str]:
    """What each app shows of the person (coalition.accounts), in their order, kept as the
    page's parts are (`me`), and at most PAGE_CACHE_SECONDS: an event that ends moves to the
    past by time alone."""
    user = request.user
    sections = accounts.sections()
    if secret is None and any(section.forms for section in sections):
        stamp = None  # its first token makes the secret: rendered live, this once
    items = [
        (
            (
                user.pk,
                section.template,
                tuple(tuple(request.GET.getlist(name)) for name in section.params),
                secret if section.forms else "",
            ),
            section,
        )
        for section in sections
    ]

    def render(section):
        with fragments.reading_only(request, section.params):
            return render_to_string(section.template, section.context(request), request)

    return fragments.keep_each("me", stamp, items, render, timeout=settings.PAGE_CACHE_SECONDS)


@require_http_methods(["GET", "HEAD", "POST"])
@personal_page
def me_data(request):
    if request.method == "GET":
        return render(request, "coalition/me_data.html")
    data = selectors.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@personal_page
def me_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST":
        # Each try is a password guess: counted with allauth's reauthentication limit.
        limited = ratelimits.consume_or_429(request, action="reauthenticate", user=request.user)
        if limited:
            return limited
        if form.is_valid():
            try:
                services.user_delete(user=request.user, ip=client_ip(request))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                messages.success(request, _("Your account is deleted. Thank you for taking part."))
                return redirect("home")
    return render(
        request, "coalition/me_delete.html", {"form": form}, status=400 if form.errors else 200
    )
