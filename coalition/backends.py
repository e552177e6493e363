"""Signing in, with the person's row kept between requests.

Django reads the signed-in person's row on every request (`get_user`), before anything else
the page needs. Here it is kept in the shared cache with the database's part of their roles
(coalition.permissions), under the version of f"roles:{user_id}", which every save or delete of
the row, their verified addresses, memberships and authenticators bumps: a password changed,
a person deactivated or a role given counts from their very next request. A signed-in page
whose parts are all kept then needs no query at all. Read live while Redis is away.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from coalition import permissions


def _person(user_id):
    """The user row and the rest of their roles, as the database has them now."""
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    return None if user is None else (user, permissions.grants_from_database(user))


class KeptUser:
    def get_user(self, user_id):
        kept = permissions.person_kept(user_id, lambda: _person(user_id))
        if kept is None:
            return None
        user, grants = kept
        user._coalition_grants = grants  # coalition.permissions.roles_of reads them
        return user if self.user_can_authenticate(user) else None


class KeptModelBackend(KeptUser, ModelBackend):
    """Django's password sign-in (the admin site, tests' force_login)."""


class KeptAuthenticationBackend(KeptUser, AuthenticationBackend):
    """allauth's sign-in by email address."""
