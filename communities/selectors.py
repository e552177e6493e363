"""Reads of communities that the apps above share: the listed ones, one found by its name."""

from django.db.models import Q, QuerySet

from coalition.translation import in_language
from communities.models import Community


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
