"""Who may do what, for the whole network.

Roles come from the data: everyone signed in is a community member; an active membership makes
someone partner staff (or an organization admin) of that organization; `User.is_coalition_lead`
makes a coalition lead. Partner and lead powers count only once the person's email address is
verified. Each app declares its permissions with django-rules in its own `permissions.py`, built
from the predicates here; views declare what they need with `require`, templates ask with
`{% load rules %}{% has_perm "app.perm" user obj as allowed %}`.

A person's roles are read once per request, from the shared cache under the version of
f"roles:{user_id}", which every change to them bumps (`roles_changed`), so a change counts from
the person's very next request and an unchanged person costs no query for them.
"""

from contextlib import suppress
from dataclasses import dataclass
from functools import wraps

import rules
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from coalition import versions
from coalition.accounts import memberships_of
from coalition.http import no_store


@dataclass(frozen=True)
class Roles:
    verified: bool
    lead: bool
    staff_of: frozenset[int]  # organizations where the person is active staff or admin
    admin_of: frozenset[int]  # organizations where the person is an active admin
    has_mfa: bool
    site_admin: bool = False  # Django's admin site: is_staff or is_superuser

    @property
    def needs_mfa(self) -> bool:
        """Leads, organization admins and the admin site's staff must use two-factor
        authentication before any power over other people's data."""
        return (self.lead or bool(self.admin_of) or self.site_admin) and not self.has_mfa


AFTER_MFA_SESSION_KEY = "after_mfa"

NOBODY = Roles(
    verified=False, lead=False, staff_of=frozenset(), admin_of=frozenset(), has_mfa=False
)


ROLES_CACHE_FOR = 5 * 60  # seconds: a safety net; a version bump ends a cached answer at once


def roles_scope(user_id) -> str:
    return f"roles:{user_id}"


def _roles_key(user_id) -> str:
    return f"roles-of:{user_id}"


def grants_from_database(user) -> tuple[bool, frozenset[int], frozenset[int], bool]:
    """(verified, staff_of, admin_of, has_mfa): the part of a person's roles the user row does
    not hold, in three queries."""
    verified = EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    ).exists()
    staff_of, admin_of = set(), set()
    if verified:
        for organization_id, is_admin in memberships_of(user):
            staff_of.add(organization_id)
            if is_admin:
                admin_of.add(organization_id)
    has_mfa = Authenticator.objects.filter(user=user).exists()
    return verified, frozenset(staff_of), frozenset(admin_of), has_mfa


def _grants(user):
    """The database's part of the person's roles, from the shared cache when it holds them
    under the current version of f"roles:{user.pk}" (one round trip for both), else read and
    kept. Never from the cache's per-process fallback (Redis away): read live then."""
    return versions.kept(
        _roles_key(user.pk),
        (roles_scope(user.pk),),
        lambda: grants_from_database(user),
        timeout=ROLES_CACHE_FOR,
    )


def person_kept(user_id, compute):
    """`compute()` (the user row and `grants_from_database`, coalition.backends), kept under
    the version of the person's roles: the row read for a signed-in request."""
    return versions.kept(
        f"person:{user_id}", (roles_scope(user_id),), compute, timeout=ROLES_CACHE_FOR
    )


def roles_of(user) -> Roles:
    """The person's roles: the flags of the user row (already read for the request) with the
    rest from the shared cache, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return NOBODY
    cached = getattr(user, "_coalition_roles", None)
    if cached is not None:
        return cached
    # Read with the user row when it came from the cache (coalition.backends).
    grants = getattr(user, "_coalition_grants", None) or _grants(user)
    verified, staff_of, admin_of, has_mfa = grants
    roles = Roles(
        verified=verified,
        lead=verified and user.is_coalition_lead,
        staff_of=staff_of,
        admin_of=admin_of,
        has_mfa=has_mfa,
        site_admin=bool(user.is_staff or user.is_superuser),
    )
    user._coalition_roles = roles
    return roles


def roles_changed(user_id) -> None:
    """Every cached answer about this person's roles is stale from now on. Saving or deleting
    a row of a model given to `roles_depend_on` does it; a service that changes such rows with
    QuerySet.update() calls it itself."""
    if user_id is not None:
        versions.bump(roles_scope(user_id))


def _scopes_of_owner(row) -> list[str]:
    return [roles_scope(row.user_id)] if row.user_id is not None else []


def _scopes_of_user(user) -> list[str]:
    return [roles_scope(user.pk)]


def roles_depend_on(model) -> None:
    """Rows of `model` count in the roles of the person they belong to (`user_id`; the user
    model: the person themself): every save or delete makes that person's roles stale. Called
    from an AppConfig.ready() (the kernel for the user, verified emails and two-factor;
    partners for memberships)."""
    is_user = model is get_user_model()
    versions.watch(model, _scopes_of_user if is_user else _scopes_of_owner)


def forget_roles(user) -> None:
    """Call after changing someone's roles within the same request (the roles kept on the user
    object; the shared cache's answer is already stale, by the change's version bump)."""
    # delattr, not __dict__: request.user is a lazy wrapper around the user.
    for kept in ("_coalition_roles", "_coalition_grants"):
        with suppress(AttributeError):
            delattr(user, kept)


# Predicates shared by every app's permissions.py.


@rules.predicate
def is_member(user):
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_superuser(user):
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_lead(user):
    return roles_of(user).lead


@rules.predicate
def is_partner_staff(user):
    """Staff (or admin) of at least one organization."""
    return bool(roles_of(user).staff_of)


@rules.predicate
def is_org_admin(user):
    """Admin of at least one organization."""
    return bool(roles_of(user).admin_of)


def staff_of_any(user, organization_ids) -> bool:
    return not roles_of(user).staff_of.isdisjoint(organization_ids)


def admin_of(user, organization_id) -> bool:
    return organization_id in roles_of(user).admin_of


@rules.predicate
def has_required_2fa(user):
    """False for a lead or organization admin who has not set up two-factor authentication:
    until then they see nobody else's personal data, not even inside a public page."""
    return not roles_of(user).needs_mfa


is_lead_or_superuser = is_lead | is_superuser


def require(perm: str, *, fn=None, sensitive: bool = False):
    """Declare what a view needs: the permission, the object it is checked on, and whether the
    view is a power over other people's data.

    `sensitive` is every page or action that shows other people's personal data or acts on
    them: rosters, check-in, exports, messages to registrants, changing or cancelling an event
    they registered for, imports, staff and leads. `fn(request, **kwargs)` fetches the object
    and raises Http404 itself when the person may not even know it exists. Anonymous visitors
    are sent to sign in; signed-in people without the permission get 403; leads, organization
    admins and the admin site's staff without two-factor authentication are sent to set it up
    before any sensitive view (and back to the page afterwards, for a GET), and sensitive
    responses are never stored by a cache.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = fn(request, **kwargs) if fn else None
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not user.has_perm(perm, obj):
                raise PermissionDenied
            if sensitive and roles_of(user).needs_mfa:
                # Remembered so the two-factor pages can offer the way back once it is set up
                # (a page, not an action posted to: that would answer 405 when followed).
                if request.method == "GET":
                    request.session[AFTER_MFA_SESSION_KEY] = request.get_full_path()
                return redirect("mfa_activate_totp")
            if sensitive:
                request.session.pop(AFTER_MFA_SESSION_KEY, None)
            if obj is not None:
                request.permission_object = obj
            response = view(request, *args, **kwargs)
            return no_store(response) if sensitive else response

        wrapped.required_permission = perm
        wrapped.sensitive = sensitive
        return wrapped

    return decorator


# The network's own permissions.
rules.add_perm("coalition.view_audit_log", is_lead)
rules.add_perm("coalition.grant_lead", is_lead)
# Reading which emails could not be sent (recipients masked) and sending them again.
rules.add_perm("coalition.resend_email", is_lead)


def personal_page(view):
    """A page about the signed-in person themself: sign-in required, never cached."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return no_store(view(request, *args, **kwargs))

    wrapped.required_permission = "personal"
    return wrapped


def client_ip(request) -> str | None:
    """The visitor's address for audit rows, read the way allauth's rate limits read it
    (honouring ALLAUTH_TRUSTED_PROXY_COUNT)."""
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request)
