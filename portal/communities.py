"""Reads behind the community pages: the list of communities, and one community in one line of
sight (its next sessions, what was heard there and what answers it, its sites' figures, the
partners working there). Every list is bounded; each page takes a fixed number of queries,
whatever the amount of data."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coalition.translation import in_language
from communities.models import Community
from communities.selectors import listed_communities
from events.models import Event, Theme
from initiatives.models import DemonstrationSite, Objective, ProgressUpdate
from initiatives.selectors import (
    SiteMeasurements,
    SubqueryCount,
    label_status,
    latest_figures,
    objectives_with_status,
)
from partners.models import Organization
from partners.selectors import public_organizations

# A community's page names this many of each, then says how many more and links to the list.
SESSIONS_SHOWN = 6
THEMES_SHOWN = 8
UNANSWERED_SHOWN = 8
PARTNERS_SHOWN = 24
SITES_SHOWN = 6


def community_directory() -> QuerySet[Community]:
    """The listed communities by name, each with its count of upcoming sessions."""
    upcoming = Event.objects.filter(
        community=OuterRef("pk"), status=Event.Status.PUBLISHED, ends_at__gt=timezone.now()
    )
    return listed_communities().annotate(upcoming_count=SubqueryCount(upcoming))


@dataclass
class Bounded:
    """The first rows of a list, and how many it has in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def _heard_here(community: Community) -> QuerySet[Theme]:
    """Themes heard at the community's sessions, published, newest session first."""
    return (
        Theme.objects.published()
        .filter(report__event__community=community, report__event__ends_at__lte=timezone.now())
        .select_related("report__event")
        .order_by("-report__event__starts_at", "report_id", "position", "id")
    )


def _answered_objectives() -> QuerySet[Objective]:
    """Objectives with their public status and the id of their latest public update."""
    latest_public = (
        ProgressUpdate.objects.standing()
        .filter(objective=OuterRef("pk"), visibility=ProgressUpdate.Visibility.PUBLIC)
        .order_by("-created_at", "-id")
    )
    return (
        objectives_with_status()
        .annotate(latest_update_id=Subquery(latest_public.values("pk")[:1]))
        .select_related("initiative", "indicator")
        .order_by(in_language("title"), "id")
    )


def _partners(community: Community) -> QuerySet[Organization]:
    """Approved organizations that work in the community: by their own word, as hosts of its
    events, or as lead organizations of its sites (Exists: no join, no repeated row)."""
    says_so = Organization.communities.through.objects.filter(
        organization=OuterRef("pk"), community=community
    )
    hosts = Event.objects.filter(hosts=OuterRef("pk"), community=community).exclude(
        status=Event.Status.DRAFT
    )
    leads = DemonstrationSite.objects.filter(lead_organization=OuterRef("pk"), community=community)
    return public_organizations().filter(Exists(says_so) | Exists(hosts) | Exists(leads))


def _bounded(queryset, count: int) -> Bounded:
    # Always counted, so the page takes the same queries whether the list is long or short.
    return Bounded(list(queryset[:count]), queryset.count())


def community_page(*, slug: str) -> dict:
    """Everything a community's page shows; 404 for a community that is not listed."""
    community = get_object_or_404(listed_communities(), slug=slug)
    heard = _heard_here(community)
    answers = Exists(Theme.objectives.through.objects.filter(theme=OuterRef("pk")))
    answered = _bounded(
        heard.filter(answers).prefetch_related(
            Prefetch("objectives", queryset=_answered_objectives())
        ),
        THEMES_SHOWN,
    )
    objectives = [o for theme in answered.rows for o in theme.objectives.all()]
    label_status(objectives)
    updates = ProgressUpdate.objects.select_related("organization").in_bulk(
        {o.latest_update_id for o in objectives if o.latest_update_id}
    )
    for objective in objectives:
        objective.latest_update = updates.get(objective.latest_update_id)
    sites = _bounded(community.sites.order_by(in_language("name"), "id"), SITES_SHOWN)
    figures: list[SiteMeasurements] = latest_figures(sites=[s.pk for s in sites.rows])
    return {
        "community": community,
        "sessions": _bounded(community.events.upcoming(), SESSIONS_SHOWN),
        "answered": answered,
        "unanswered": _bounded(heard.exclude(answers), UNANSWERED_SHOWN),
        "sites": sites,
        "figures": figures,
        "partners": _bounded(
            _partners(community).order_by(in_language("name"), "id"), PARTNERS_SHOWN
        ),
        "neighborhoods": list(listed_communities().filter(part_of=community)),
    }
