"""The rows of each open data table: public rows only, with what their serializers read joined
or prefetched, so that a page of any size costs the same number of queries.

What is public is what the portal's pages decide: published events (events.selectors),
approved organizations (partners.selectors), listed communities, and objectives with the state
told by their latest standing public update (initiatives.selectors.objectives_with_status).
Public resources are resources.selectors.public_resources (never partners-only ones).
Nothing personal is read: no registrations, follows, staff, authors, uploaders or tokens.
"""

from django.db.models import Max, OuterRef, Prefetch, QuerySet

from communities.selectors import listed_communities
from events.models import Event
from events.selectors import public_events
from initiatives.models import Indicator, Initiative, InitiativePartner, Measurement, Objective
from initiatives.selectors import SubqueryCount, objectives_with_status
from partners.models import Organization
from partners.selectors import public_organizations
from resources.models import Resource
from resources.selectors import public_resources


def open_events() -> QuerySet[Event]:
    """Published events (upcoming by default: the events list's `when`), with seats left and
    the languages spoken and interpreted."""
    return public_events().select_related("initiative", "community", "site")


def open_initiatives() -> QuerySet[Initiative]:
    of_initiative = {"initiative": OuterRef("pk")}
    return (
        Initiative.objects.select_related("parent")
        .annotate(
            objective_count=SubqueryCount(Objective.objects.filter(**of_initiative)),
        )
        .order_by("slug")
    )


def open_objectives() -> QuerySet[Objective]:
    """Objectives with the state told by their latest public update (never a partners-only
    one), and their approved owners."""
    return (
        objectives_with_status()
        .select_related("initiative", "site", "indicator")
        .prefetch_related(
            Prefetch("owners", public_organizations().order_by("slug"), to_attr="public_owners")
        )
        .order_by("slug")
    )


def open_indicators() -> QuerySet[Indicator]:
    return (
        Indicator.objects.select_related("initiative")
        .annotate(
            latest_period_start=Max("measurements__period_start"),
            latest_as_of=Max("measurements__as_of"),
        )
        .order_by("slug")
    )


def open_measurements() -> QuerySet[Measurement]:
    return Measurement.objects.select_related("indicator", "site").order_by(
        "indicator__slug", "period_start", "student_group", "site__slug", "pk"
    )


def open_organizations() -> QuerySet[Organization]:
    """Approved organizations, with the communities they work in and their partnerships."""
    return (
        public_organizations()
        .prefetch_related(
            Prefetch("communities", listed_communities().order_by("slug")),
            Prefetch(
                "partnerships",
                InitiativePartner.objects.select_related("initiative").order_by(
                    "initiative__slug", "role"
                ),
            ),
        )
        .order_by("slug")
    )


def open_communities():
    return listed_communities().select_related("part_of").order_by("slug")


def open_resources() -> QuerySet[Resource]:
    """Public resources, newest first, with the slugs of what they belong to (never who added
    them): the events linked are the ones the portal shows."""
    return (
        public_resources()
        .prefetch_related(
            Prefetch(
                "initiatives", Initiative.objects.order_by("slug"), to_attr="open_initiatives"
            ),
            Prefetch("events", Event.objects.shown().order_by("slug"), to_attr="open_events"),
            Prefetch(
                "communities", listed_communities().order_by("slug"), to_attr="open_communities"
            ),
        )
        .order_by("-published_on", "-id")
    )
