"""Rate limits (allauth's, `ACCOUNT_RATE_LIMITS`) and the 429 page that says what was refused.

allauth answers a refused request through `ROOT_URLCONF.handler429` (coalition.urls), for its own
limits (signing in, codes, password resets) and for ours. Ours go through `consume_or_429` below,
which first tells the request which action it is and what it is about (the event someone was
registering for); allauth's own are known by the page they were refused on. The page then says
what was paused, what to do meanwhile, and when to try again: read from the limit's own counts,
so the time it gives is the time the limit lets the next try through.

The actions only our views count (`BATCHED`: registering, suggesting, following a community) are
counted with allauth's rule and rates, per address, per key or per person as allauth names them,
but all of a request's rates in one call to the cache (`hit_windows`): one Redis round trip, where
allauth makes four per rate (lock, read, write, unlock).
"""

import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from coalition.cache import count_windows, read_window

APP = "allauth.account"  # where allauth reads ACCOUNT_RATE_LIMITS
# Counted here in one round trip; the others by allauth, whose own pages count them too.
BATCHED = frozenset(
    {"event_register", "event_suggest", "consult_comment", "community_follow", "program_apply"}
)
# Our windows' keys are allauth's with this suffix: their values are ours (a sorted set in
# Redis), which allauth must never read as its own.
WINDOW_SUFFIX = ":w"

# allauth's pages, by URL name, and the action whose limit refuses them.
ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reauthenticate": "reauthenticate",
    "mfa_reauthenticate": "reauthenticate",
    "account_request_login_code": "request_login_code",
    "account_confirm_login_code": "request_login_code",
    "account_email_verification_sent": "confirm_email",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_confirm_password_reset_code": "reset_password_from_key",
    "account_complete_password_reset": "reset_password_from_key",
    "account_change_password": "change_password",
    "account_set_password": "change_password",
    "account_email": "manage_email",
}

# What the page tells, by action (templates/429.html); anything else gets the general page.
# "reauthenticate" is a password or an authenticator code asked again of a signed-in person.
KINDS = {
    "event_register": "register",
    "event_suggest": "suggest",
    "consult_comment": "comment",
    "community_follow": "follow",
    "login": "sign_in",
    "reauthenticate": "reauthenticate",
    "reset_password": "password_reset",
    "reset_password_from_key": "password_reset",
}


@dataclass(frozen=True)
class Limited:
    """The action a request is counted against, with what its limit is counted by (an email
    address, a person) and what it is about, for the page (an event)."""

    action: str
    key: str | None = None
    user: Any = None
    about: Any = None

    @property
    def kind(self) -> str:
        return KINDS.get(self.action, "other")


def consume_or_429(request, *, action: str, key=None, user=None, about=None):
    """allauth's `consume_or_429`, with the request knowing what it was refused, for the page;
    for a BATCHED action, every rate counted in one call to the cache."""
    request.rate_limited = Limited(action=action, key=key, user=user, about=about)
    if action not in BATCHED:
        return ratelimit.consume_or_429(request, action=action, key=key, user=user)
    if request.method == "GET":  # as allauth: only what changes something is counted
        return None
    rates = get_rates(app=APP, action=action)
    if not rates:
        return None
    windows = [
        (_window_key(request, action, rate, key=key, user=user), rate.amount, rate.duration)
        for rate in rates
    ]
    now = time.time()
    member = f"{now!r}:{secrets.token_hex(4)}"  # one try, counted once in each window
    hit = getattr(cache, "hit_windows", None)
    if hit is not None:
        refused = hit(windows, now=now, member=member)
    else:  # a cache of another kind: counted in this process, as LocalCache does
        refused = count_windows(cache, windows, now=now)
    return ratelimit.respond_429(request) if refused else None


def _window_key(request, action: str, rate, *, key=None, user=None) -> str:
    return (
        get_cache_key(request, app=APP, action=action, rate=rate, key=key, user=user)
        + WINDOW_SUFFIX
    )


def refused(request) -> Limited:
    """What the request was refused: what our views said, or allauth's page it was sent to."""
    known = getattr(request, "rate_limited", None)
    if known is not None:
        return known
    match = getattr(request, "resolver_match", None)
    action = ALLAUTH_ACTIONS.get(match.url_name if match else "", "")
    user = (
        request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    )
    return Limited(action=action, user=user)


def seconds_to_wait(request, limited: Limited) -> int | None:
    """How long until the limit lets the next try through: for each of the action's rates that
    is full, until its oldest counted try leaves the window; at least one second. A rate that
    cannot be read here (counted by an address we were not told) counts as its whole window.
    None for an action we do not know."""
    rates = get_rates(app=APP, action=limited.action) if limited.action else []
    if not rates:
        return None
    now = time.time()
    waits = []
    for rate in rates:
        try:
            key = get_cache_key(
                request,
                app=APP,
                action=limited.action,
                rate=rate,
                key=limited.key,
                user=limited.user,
            )
        except (ImproperlyConfigured, ValueError):
            waits.append(rate.duration)
            continue
        # Both keep the times of the counted tries, newest first.
        if limited.action in BATCHED:
            history = _window_times(key + WINDOW_SUFFIX, now=now, duration=rate.duration)
        else:
            history = [moment for moment in cache.get(key, []) if moment > now - rate.duration]
        if len(history) >= rate.amount:
            waits.append(history[rate.amount - 1] + rate.duration - now)
    # None full: refused because the count could not be read in time (allauth's cache lock).
    return max(1, math.ceil(max(waits, default=60)))


def _window_times(key: str, *, now: float, duration: float) -> list[float]:
    read = getattr(cache, "window_times", None)
    if read is None:
        return read_window(cache, key, now=now, duration=duration)
    return read(key, now=now, duration=duration)
