"""The tables of the open data, registered once (opendata.apps): each names its rows, columns,
filters and the versions of the data it shows. A new table is one more `register` here."""

from django.utils.translation import gettext_lazy as _

from events.filters import EventFilter
from opendata import selectors, serializers
from opendata.filters import (
    CommunityFilter,
    IndicatorFilter,
    ObjectiveFilter,
    OpenInitiativeFilter,
    OpenMeasurementFilter,
    OpenOrganizationFilter,
)
from opendata.tables import Table, register
from resources.filters import ResourceFilter

register(
    Table(
        name="events",
        title=_("Events"),
        description=_(
            "Published events and listening sessions: when and where, languages, seats left, "
            "childcare, recordings and slides. Nothing about the people registered."
        ),
        rows=selectors.open_events,
        serializer=serializers.EventSerializer,
        filterset=EventFilter,
        scopes=("events", "initiatives"),
        notes=(_("Upcoming events, soonest first, unless you ask for past ones (when=past)."),),
    )
)
register(
    Table(
        name="initiatives",
        title=_("Initiatives"),
        description=_("The network's initiatives, with their approved partners and objectives."),
        rows=selectors.open_initiatives,
        serializer=serializers.InitiativeSerializer,
        filterset=OpenInitiativeFilter,
        scopes=("initiatives", "partners"),
    )
)
register(
    Table(
        name="objectives",
        title=_("Objectives"),
        description=_(
            "Each initiative's objectives, with the status told by their latest public progress "
            "update, who states it and when."
        ),
        rows=selectors.open_objectives,
        serializer=serializers.ObjectiveSerializer,
        filterset=ObjectiveFilter,
        scopes=("initiatives", "partners"),
        notes=(_("Updates shared with partners only are never counted."),),
    )
)
register(
    Table(
        name="indicators",
        title=_("Indicators"),
        description=_("What the network measures, in which unit, and towards which target."),
        rows=selectors.open_indicators,
        serializer=serializers.IndicatorSerializer,
        filterset=IndicatorFilter,
        scopes=("initiatives",),
    )
)
register(
    Table(
        name="measurements",
        title=_("Measurements"),
        description=_(
            "The figures of each indicator by period, student group and site, each with its "
            "source and the date its source gives it."
        ),
        rows=selectors.open_measurements,
        serializer=serializers.MeasurementSerializer,
        filterset=OpenMeasurementFilter,
        scopes=("initiatives",),
        notes=(
            _(
                'A count of 1 to 4 people in one student group is given as "fewer than 5", '
                "as on the network's dashboard."
            ),
        ),
    )
)
register(
    Table(
        name="organizations",
        title=_("Organizations"),
        description=_(
            "The network's approved partner organizations, where they work and the initiatives "
            "they take part in. Never their staff."
        ),
        rows=selectors.open_organizations,
        serializer=serializers.OrganizationSerializer,
        filterset=OpenOrganizationFilter,
        scopes=("partners", "initiatives"),
    )
)
register(
    Table(
        name="communities",
        title=_("Communities"),
        description=_("The cities, towns and neighborhoods where the network works and listens."),
        rows=selectors.open_communities,
        serializer=serializers.CommunitySerializer,
        filterset=CommunityFilter,
        scopes=("events", "initiatives", "partners"),
        notes=(_("Never the people who follow them."),),
    )
)
register(
    Table(
        name="resources",
        title=_("Resources"),
        description=_(
            "The resource library's public recordings, slides, briefs, reports and transcripts: "
            "where to open each, who publishes it and when, and how to cite it. Never who added "
            "it."
        ),
        rows=selectors.open_resources,
        serializer=serializers.ResourceSerializer,
        filterset=ResourceFilter,
        scopes=("resources", "events", "initiatives"),
        notes=(
            _(
                "Newest first. Resources shared with partners only are never listed; a file "
                "uploaded to the portal is given by its address there."
            ),
        ),
    )
)
