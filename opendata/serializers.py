"""The columns of each open data table: the JSON keys and the CSV header, each with a label and
a description that the OpenAPI schema and the /open-data/ page show.

Texts people write in both languages come as two columns (`title_en`, `title_es`; "" where not
translated). Links between tables are slugs (an event's `initiative` is the `slug` of a row of
/api/v1/initiatives/). Never a person: no names, emails, registrations, authors or tokens.
"""

from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.smallcounts import FEWER, people
from communities.models import Community
from events.models import Event
from initiatives.models import Indicator, PartnerRole, StudentGroup
from partners.models import Sector
from resources.models import Resource


def _fmt(template, **values):
    """`template % values`, translated when read (in the reader's language), not at import."""
    return lazy(lambda: str(template) % {k: str(v) for k, v in values.items()}, str)()


SLUG_HELP = _("Its identifier in this API and in the address of its page on the portal.")


def _text(name: str, label, help_text, **kwargs) -> serializers.CharField:
    """A text column read from the attribute of the same `name`."""
    return serializers.CharField(label=label, help_text=help_text, **kwargs)


class TextField(serializers.CharField):
    """A text, "" where it was never written (a translation column is NULL until then)."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return "" if value is None else value


def bilingual(field: str, label: str, what) -> dict[str, serializers.CharField]:
    """`<field>_en` and `<field>_es`, each "" where it was not written in that language."""
    return {
        f"{field}_en": TextField(
            label=format_lazy("{} ({})", label, _("English")),
            help_text=_fmt(_("%(what)s, in English (empty if not written in English)."), what=what),
        ),
        f"{field}_es": TextField(
            label=format_lazy("{} ({})", label, _("Spanish")),
            help_text=_fmt(_("%(what)s, in Spanish (empty if not written in Spanish)."), what=what),
        ),
    }


def coded(label, choices, what, **kwargs) -> serializers.CharField:
    """A code of a fixed list (the portal shows its label in the reader's language)."""
    codes = ", ".join(value for value, _label in choices)
    return serializers.CharField(
        label=label,
        help_text=_fmt(_("%(what)s: one of %(codes)s."), what=what, codes=codes),
        **kwargs,
    )


class PageUrlField(serializers.Field):
    """The row's page on the portal, as an absolute address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("label", _("Page"))
        kwargs.setdefault("help_text", _("Its page on the portal."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        path = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


extend_schema_field(OpenApiTypes.URI)(PageUrlField)


class SlugOf(serializers.Field):
    """The slug of a related row (a foreign key), or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return getattr(value, "slug", None)

    def get_attribute(self, instance):
        # A missing relation is null, not an error.
        try:
            return super().get_attribute(instance)
        except (AttributeError, KeyError):
            return None


extend_schema_field({"type": "string", "nullable": True})(SlugOf)


def provenance(what) -> dict[str, serializers.Field]:
    """Who states the row, a link to it, and whether it is an example (the portal's badge)."""
    return {
        "source": _text(
            "source",
            _("Source"),
            _fmt(
                _("Who states %(what)s: an organization and the title of its page or report."),
                what=what,
            ),
        ),
        "source_url": serializers.URLField(
            label=_("Source link"), help_text=_("The page or report that states it.")
        ),
        "is_example": serializers.BooleanField(
            label=_("Example"),
            help_text=_(
                "True for an example: a row that only shows how the portal works (badged "
                '"Example" on its pages). It did not happen and must not be cited as a fact.'
            ),
        ),
    }


def _declare(name: str, fields: dict, meta=None, base=serializers.Serializer):
    """A serializer class with `fields` in their order."""
    attrs = dict(fields)
    if meta:
        attrs["Meta"] = meta
    return type(name, (base,), attrs)


# Events


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class Values(serializers.Field):
    """One attribute of each related row, as a list: an event's language codes, slugs."""

    def __init__(self, attribute="slug", **kwargs):
        self.attribute = attribute
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return [getattr(row, self.attribute) for row in value]


EventSerializer = _declare(
    "EventSerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        "url": PageUrlField(),
        **bilingual("title", _("Title"), _("The event's title")),
        **bilingual("description", _("Description"), _("What the event is about")),
        "kind": coded(_("Kind"), Event.Kind.choices, _("The kind of event")),
        "format": coded(_("Format"), Event.Format.choices, _("Where it is held")),
        "starts_at": serializers.DateTimeField(
            label=_("Starts"), help_text=_("When it starts (ISO 8601, with the time zone).")
        ),
        "ends_at": serializers.DateTimeField(
            label=_("Ends"), help_text=_("When it ends (ISO 8601, with the time zone).")
        ),
        "venue": _text("venue", _("Venue"), _("Where it is held, for an in-person event.")),
        "address": _text("address", _("Address"), _("The venue's street address.")),
        "city": _text("city", _("City or town"), _("The venue's city or town.")),
        "initiative": SlugOf(
            label=_("Initiative"), help_text=_("The initiative it belongs to (its slug).")
        ),
        "community": SlugOf(
            label=_("Community"), help_text=_("The community it is held in (its slug).")
        ),
        "site": SlugOf(
            label=_("Demonstration site"),
            help_text=_("The demonstration site it belongs to (its slug)."),
        ),
        "languages": Values(
            "language",
            source="spoken_languages",
            label=_("Languages spoken"),
            help_text=_("Languages it is held in (en, es, pt, ht...)."),
        ),
        "interpretation_languages": Values(
            "language",
            label=_("Interpretation"),
            help_text=_("Languages interpreted on request."),
        ),
        "capacity": serializers.IntegerField(
            label=_("Capacity"), help_text=_("Seats in all; null when there is no limit.")
        ),
        "seats_left": serializers.IntegerField(
            label=_("Seats left"),
            help_text=_("Seats not yet taken; null when there is no limit."),
        ),
        "waitlist_enabled": serializers.BooleanField(
            label=_("Waiting list"), help_text=_("Whether a waiting list opens when it is full.")
        ),
        "childcare_offered": serializers.BooleanField(
            label=_("Childcare"), help_text=_("Whether childcare is offered.")
        ),
        "recording_url": serializers.URLField(
            label=_("Recording"), help_text=_("A link to its recording, once there is one.")
        ),
        "slides_url": serializers.URLField(
            label=_("Slides"), help_text=_("A link to its slides, once there are some.")
        ),
        **provenance(_("the event")),
    },
)


# Initiatives

InitiativeSerializer = _declare(
    "InitiativeSerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        "url": PageUrlField(),
        **bilingual("name", _("Name"), _("The initiative's name")),
        **bilingual("short_name", _("Short name"), _("Its short name")),
        **bilingual("summary", _("Summary"), _("What it sets out to do, in a few lines")),
        "parent": SlugOf(
            label=_("Part of"), help_text=_("The initiative it is part of (its slug), or null.")
        ),
        "website": serializers.URLField(
            label=_("Website"), help_text=_("The initiative's own website.")
        ),
        "start_date": serializers.DateField(
            label=_("Start date"), help_text=_("When it started, if known.")
        ),
        "end_date": serializers.DateField(
            label=_("End date"), help_text=_("When it ends or ended, if known.")
        ),
        "partner_count": serializers.IntegerField(
            label=_("Partners"), help_text=_("Approved organizations taking part in it.")
        ),
        "objective_count": serializers.IntegerField(
            label=_("Objectives"), help_text=_("Its objectives (see /api/v1/objectives/).")
        ),
    },
)


# Objectives


ObjectiveSerializer = _declare(
    "ObjectiveSerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        "url": PageUrlField(),
        **bilingual("title", _("Title"), _("The objective")),
        **bilingual("description", _("Description"), _("What it means")),
        "initiative": SlugOf(
            label=_("Initiative"), help_text=_("The initiative it belongs to (its slug).")
        ),
        "owners": Values(
            source="public_owners",
            label=_("Owners"),
            help_text=_("The approved organizations that report on it (their slugs)."),
        ),
        "site": SlugOf(label=_("Demonstration site"), help_text=_("Its site (slug), or null.")),
        "indicator": SlugOf(
            label=_("Indicator"), help_text=_("The indicator it is measured by (slug), or null.")
        ),
        "target_value": serializers.DecimalField(
            max_digits=14,
            decimal_places=2,
            label=_("Target"),
            help_text=_("The value it aims for, in the indicator's unit."),
        ),
        "target_date": serializers.DateField(
            label=_("Target date"), help_text=_("When it aims to get there.")
        ),
        "status": serializers.CharField(
            source="current_status",
            label=_("Status"),
            help_text=_(
                "Its state as told by its latest public progress update: not_started, "
                "on_track, at_risk, off_track or done; null before any public update. "
                "Updates for partners only are never counted."
            ),
        ),
        "status_as_of": serializers.DateTimeField(
            source="status_updated_at",
            label=_("Status as of"),
            help_text=_("When that update was posted: the as-of date of the status."),
        ),
        "status_value": serializers.DecimalField(
            max_digits=14,
            decimal_places=2,
            label=_("Reported value"),
            help_text=_("The indicator's value that update reported, if any."),
        ),
        "status_source": serializers.CharField(
            label=_("Status source"),
            help_text=_("Who states the status: the update's source, else its organization."),
        ),
        "status_source_url": serializers.CharField(
            label=_("Status source link"), help_text=_("A link to that source, if any.")
        ),
        "status_is_example": serializers.BooleanField(
            label=_("Status is an example"),
            help_text=_("True when the update telling the status is an example."),
        ),
        **provenance(_("the objective")),
    },
)


# Indicators and measurements

IndicatorSerializer = _declare(
    "IndicatorSerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        **bilingual("name", _("Name"), _("What is measured")),
        **bilingual("description", _("Description"), _("How it is measured")),
        "initiative": SlugOf(
            label=_("Initiative"), help_text=_("The initiative that follows it (its slug).")
        ),
        "unit": coded(_("Unit"), Indicator.Unit.choices, _("The unit of its values")),
        "higher_is_better": serializers.BooleanField(
            label=_("Higher is better"), help_text=_("Whether a higher value is progress.")
        ),
        "target": serializers.DecimalField(
            max_digits=14,
            decimal_places=2,
            label=_("Target"),
            help_text=_("The value the network aims for, if any."),
        ),
        "latest_period_start": serializers.DateField(
            label=_("Latest period"),
            help_text=_("The start of the latest period measured; null before any measurement."),
        ),
        "as_of": serializers.DateField(
            source="latest_as_of",
            label=_("As of"),
            help_text=_("The latest date its sources give a figure; null if none gives one."),
        ),
        **provenance(_("the indicator")),
    },
)


class SmallCountValue(serializers.DecimalField):
    """A measurement's value; "fewer than 5" for a count of 1 to 4 people in one student group,
    as on the leads' dashboard (dashboards.panels.equity: counts of all students are shown)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=2, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, measurement):
        value = measurement.value
        if (
            measurement.indicator.unit == Indicator.Unit.COUNT
            and measurement.student_group != StudentGroup.ALL
            and people(int(value)) is FEWER
        ):
            return str(FEWER)
        return super().to_representation(value)


extend_schema_field(
    {
        "type": "string",
        "description": 'A decimal number as text, or "fewer than 5" (a count of 1 to 4 '
        "people in one student group, suppressed).",
    }
)(SmallCountValue)


MeasurementSerializer = _declare(
    "MeasurementSerializer",
    {
        "id": serializers.IntegerField(label=_("Identifier"), help_text=_("Its number.")),
        "indicator": SlugOf(
            label=_("Indicator"), help_text=_("The indicator measured (its slug).")
        ),
        "period_start": serializers.DateField(
            label=_("Period start"), help_text=_("The first day of the period measured.")
        ),
        **bilingual("period_label", _("Period"), _("The period as people say it (2024-25)")),
        "value": SmallCountValue(
            label=_("Value"),
            help_text=_(
                'The figure in the indicator\'s unit, as text; "fewer than 5" where it counts '
                "1 to 4 people of one student group."
            ),
        ),
        "student_group": coded(_("Student group"), StudentGroup.choices, _("The students counted")),
        "site": SlugOf(
            label=_("Demonstration site"),
            help_text=_("The site measured (its slug); null for the whole network or state."),
        ),
        "as_of": serializers.DateField(
            label=_("As of"), help_text=_("The date its source gives the figure, if it gives one.")
        ),
        **provenance(_("the figure")),
    },
)


# Organizations and communities


class PartnershipSerializer(serializers.Serializer):
    initiative = SlugOf(label=_("Initiative"), help_text=_("The initiative (its slug)."))
    role = coded(_("Role"), PartnerRole.choices, _("Its role in the initiative"))


OrganizationSerializer = _declare(
    "OrganizationSerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        "url": PageUrlField(),
        **bilingual("name", _("Name"), _("The organization's name")),
        **bilingual("description", _("Description"), _("What it does")),
        "sector": coded(_("Sector"), Sector.choices, _("Its sector")),
        "city": _text("city", _("City or town"), _("Where it is based.")),
        "region": _text("region", _("Region"), _("The region it serves, if it says.")),
        "website": serializers.URLField(label=_("Website"), help_text=_("Its own website.")),
        "communities": Values(
            source="communities.all",
            label=_("Communities"),
            help_text=_("The communities it works in (their slugs)."),
        ),
        "initiatives": PartnershipSerializer(
            source="partnerships.all",
            many=True,
            label=_("Initiatives"),
            help_text=_("The initiatives it takes part in, with its role in each."),
        ),
    },
)


CommunitySerializer = _declare(
    "CommunitySerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        "url": PageUrlField(),
        **bilingual("name", _("Name"), _("The city, town or neighborhood")),
        **bilingual("description", _("Description"), _("The network's work there")),
        "kind": coded(_("Kind"), Community.Kind.choices, _("The kind of place")),
        "part_of": SlugOf(
            label=_("Part of"), help_text=_("The city a neighborhood belongs to (its slug).")
        ),
        "state": serializers.CharField(label=_("State"), help_text=_("Two letters: MA.")),
    },
)


# Resources


@extend_schema_field({"type": "array", "items": {"type": "string", "enum": ["en", "es"]}})
class ResourceLanguages(serializers.Field):
    """The languages a resource is in: ["en"], ["es"] or ["en", "es"]."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return ["en", "es"] if value == Resource.Language.BOTH else [value]


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class ResourceAddressField(serializers.Field):
    """Its link, else the address of its file on the portal (absolute), else null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, resource):
        if resource.url:
            return resource.url
        if not resource.file:
            return None
        request = self.context.get("request")
        path = resource.get_file_url()
        return request.build_absolute_uri(path) if request else settings.SITE_URL + path


class CitationField(serializers.CharField):
    """How to cite it, written in `language` whatever the reader's."""

    def __init__(self, *, language: str, **kwargs):
        self.language = language
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, resource):
        with translation.override(self.language):
            return resource.citation(language=self.language)


ResourceSerializer = _declare(
    "ResourceSerializer",
    {
        "slug": serializers.SlugField(label=_("Identifier"), help_text=SLUG_HELP),
        "page": PageUrlField(),
        "kind": coded(_("Kind"), Resource.Kind.choices, _("The kind of resource")),
        **bilingual("title", _("Title"), _("The resource's title")),
        **bilingual("summary", _("Summary"), _("What it holds, in a few lines")),
        "languages": ResourceLanguages(
            source="language",
            label=_("Languages"),
            help_text=_("The languages it is in: en, es or both."),
        ),
        "url": ResourceAddressField(
            label=_("Link"),
            help_text=_(
                "Where to open it: the link to where it is published, or the address of its "
                "file on the portal (/resources/<slug>/file/); null when its publisher gives "
                "only its own page (source_url)."
            ),
        ),
        **provenance(_("the resource")),
        "published_on": serializers.DateField(
            label=_("Published on"),
            help_text=_(
                "The date its publisher gives it: the as-of date of what it says (ISO 8601)."
            ),
        ),
        "initiatives": Values(
            source="open_initiatives",
            label=_("Initiatives"),
            help_text=_("The initiatives it belongs to (their slugs)."),
        ),
        "events": Values(
            source="open_events",
            label=_("Events"),
            help_text=_("The events it comes from or serves (their slugs)."),
        ),
        "communities": Values(
            source="open_communities",
            label=_("Communities"),
            help_text=_("The communities it is about (their slugs)."),
        ),
        "citation_en": CitationField(
            language="en",
            label=format_lazy("{} ({})", _("Citation"), _("English")),
            help_text=_('How to cite it in English: "Publisher. Title. Kind, date. Link".'),
        ),
        "citation_es": CitationField(
            language="es",
            label=format_lazy("{} ({})", _("Citation"), _("Spanish")),
            help_text=_('How to cite it in Spanish: "Publisher. Title. Kind, date. Link".'),
        ),
    },
)
