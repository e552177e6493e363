"""Reads of communities that the apps above share (the listed ones, one found by its name),
and of the people who follow them."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.selectors import email_is_one_of, verified_addresses
from coalition.translation import in_language
from communities.models import Community, Follow


def listed_communities() -> QuerySet[Community]:
    """The communities the network shows and offers, by name in the reader's language."""
    return Community.objects.filter(listed=True).order_by(in_language("name"))


def community_named(name: str) -> Community | None:
    """The community called `name` in either language, whatever its case; None if none is."""
    name = " ".join((name or "").split())
    if not name:
        return None
    return (
        Community.objects.filter(Q(name_en__iexact=name) | Q(name_es__iexact=name))
        .order_by("-listed", "pk")
        .first()
    )


def community_by_slug(*, slug: str) -> Community:
    # An unlisted town (named in a suggestion, not yet reviewed) cannot be followed.
    return get_object_or_404(Community, slug=slug, listed=True)


def follow_by_token(*, token: str) -> Follow | None:
    """The follow a private link names, or None (a wrong or mistyped link)."""
    if not token or len(token) > 64:
        return None
    return Follow.objects.select_related("community").filter(token=token).first()


def follows_of(*, user, addresses: list[str] | None = None):
    """The person's active follows: made while signed in, or with an address they have verified
    (following needs no account, and a verified address proves it is theirs)."""
    if addresses is None:
        addresses = verified_addresses(user)
    return (
        Follow.objects.active()
        .filter(Q(user=user) | email_is_one_of(addresses))
        .select_related("community")
    )


def follow_of(*, user, pk: int) -> Follow:
    """One of the person's follows; 404 for anyone else's, which is none of their business."""
    follow = follows_of(user=user).filter(pk=pk).first()
    if follow is None:
        raise Http404
    return follow
