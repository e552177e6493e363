"""Versions of what the portal shows, changed by every write that changes it.

A scope names a part of the data ("events", "event:42", "roles:7"). Its version is a token in
the shared cache; whatever is kept for a while (a whole public page, a person's roles, a
dashboard snapshot) is kept under the versions of the scopes it read, so a write that bumps one
of them makes it stale at once, with no list of keys to delete. A token, not a counter: a lost
key (Redis restarted) comes back as a new token, never as an old number.

Writes through the ORM bump by themselves once an app `watch`es its models (from its
`AppConfig.ready()`); `QuerySet.update()` and `bulk_create` send no signal, so the services that
use them call `bump` themselves. A bump happens at once (the writing request, and a test that
never commits, see the change) and again after commit (a request that read the old rows between
the two kept them under a version that is then already gone).
"""

import secrets
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from coalition.cache import shared_cache_away

PREFIX = "version:"
# What a person's own rows change (their registrations, follows, memberships, updates,
# applications, stories, comments): a page kept for one person (coalition.pagecache) depends on
# all of these, besides its own scopes and the person's roles.
PERSONAL = (
    "events",
    "partners",
    "initiatives",
    "programs",
    "stories",
    "consultations",
    "resources",
    "follows",
)


def _token() -> str:
    return secrets.token_hex(6)


# The versions a request has read or written, per thread (one request at a time): read once
# per request, by whatever asks first (the page cache, then the view's pieces). Reading them at
# the start is what the rule above asks: a write after that bumps a version nothing of this
# request was kept under. None outside a request (a worker's task reads them every time).
_request = threading.local()


@receiver(request_started, dispatch_uid="versions.request_started")
def _request_begins(**kwargs) -> None:
    _request.versions = {}


@receiver(request_finished, dispatch_uid="versions.request_finished")
def _request_ends(**kwargs) -> None:
    _request.versions = None


def _write(scopes: Iterable[str]) -> None:
    tokens = {scope: _token() for scope in scopes}
    cache.set_many({PREFIX + scope: token for scope, token in tokens.items()}, timeout=None)
    read = getattr(_request, "versions", None)
    if read is not None:  # the writing request sees its own change
        if shared_cache_away():
            read.clear()
        else:
            read.update(tokens)


# The scopes bumped inside `batched()`, per thread (one request at a time).
_batch = threading.local()


def bump(*scopes: str) -> None:
    """Every cached thing that read one of `scopes` is stale from now on."""
    scopes = tuple(dict.fromkeys(scopes))
    if not scopes:
        return
    pending = getattr(_batch, "scopes", None)
    if pending is not None:
        pending.update(dict.fromkeys(scopes))
        return
    _write(scopes)
    # Outside a transaction the write above came after the commit already.
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _write(scopes))


@contextmanager
def batched():
    """The bumps of a block written together when it ends: one round trip for a service that
    writes several rows (a registration, its seat) and reads nothing kept in between. Around a
    whole transaction, that one write comes after the commit, which is all the rule above asks
    when nothing in the transaction reads what is kept."""
    if getattr(_batch, "scopes", None) is not None:
        yield
        return
    _batch.scopes = {}
    try:
        yield
    finally:
        scopes, _batch.scopes = tuple(_batch.scopes), None
        bump(*scopes)


def _read(scopes, also: str | None = None) -> tuple[dict[str, str], object]:
    read = getattr(_request, "versions", None)
    unread = [scope for scope in scopes if read is None or scope not in read]
    keys = [PREFIX + scope for scope in unread]
    wanted = [*keys, also] if also else keys
    found = cache.get_many(wanted) if wanted else {}
    versions, missing = {}, {}
    for scope in scopes:
        if scope not in unread:
            versions[scope] = read[scope]
            continue
        value = found.get(PREFIX + scope)
        if value is None:
            value = missing[PREFIX + scope] = _token()
        versions[scope] = value
    if missing:
        cache.set_many(missing, timeout=None)
    if read is not None and not shared_cache_away():  # never what this process alone holds
        read.update({scope: versions[scope] for scope in unread})
    return versions, found.get(also) if also else None


def current(*scopes: str) -> dict[str, str]:
    """The version of each scope, in one round trip (two when one is new)."""
    return _read(scopes)[0]


def stamp(*scopes: str) -> str:
    """The versions of `scopes` as one string, for a cache key."""
    versions = current(*scopes)
    return ".".join(versions[scope] for scope in scopes)


def stamp_and_get(key: str, *scopes: str) -> tuple[str, object]:
    """`stamp(*scopes)` and the cached value of `key`, in the same round trip: for what is
    kept under a key of its own with the stamp it was made at (a whole page, say)."""
    versions, value = _read(scopes, also=key)
    return ".".join(versions[scope] for scope in scopes), value


def kept(key: str, scopes: Iterable[str], compute: Callable[[], object], *, timeout: int):
    """`compute()`, kept in the shared cache under `key` with the versions of `scopes` it was
    made at: one round trip while they are current. Computed live, and not kept, while Redis is
    away (one process's memory would never see the others' writes)."""
    stamp, found = stamp_and_get(key, *scopes)
    if shared_cache_away():
        return compute()
    if found is not None and found[0] == stamp:
        return found[1]
    value = compute()
    if not shared_cache_away():
        cache.set(key, (stamp, value), timeout)
    return value


def watch(model, scopes: Callable[[object], Iterable[str]] | Iterable[str]) -> None:
    """Bump `scopes` (or `scopes(instance)`) whenever an instance of `model` is saved or
    deleted, or one of its many-to-many fields changes."""

    def receiver(sender, instance, **kwargs):
        # m2m_changed sends the other side's instance for a change made from that side.
        if isinstance(instance, model):
            bump(*(scopes(instance) if callable(scopes) else scopes))

    uid = f"versions:{model._meta.label}:{id(scopes)}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            receiver, sender=field.remote_field.through, weak=False, dispatch_uid=uid + field.name
        )
