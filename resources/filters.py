"""The library's filters: initiative, kind, language and community."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from coalition.filters import LookupChoiceFilter
from coalition.translation import in_language
from coalition.widgets import CachedSelect, FixedSelect, LookupSelect
from communities.selectors import listed_communities
from initiatives.models import Initiative
from resources.models import Resource


class ResourceFilter(django_filters.FilterSet):
    initiative = LookupChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any initiative"),
        method="filter_initiative",
        widget=LookupSelect(key="resources.initiative", scopes=("initiatives",)),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Resource.Kind.choices,
        empty_label=_("Any kind"),
        widget=FixedSelect(key="resources.kind"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=[
            (Resource.Language.ENGLISH, _("English")),
            (Resource.Language.SPANISH, _("Spanish")),
        ],
        empty_label=_("Any language"),
        method="filter_language",
        widget=FixedSelect(key="resources.language"),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=listed_communities(),
        to_field_name="slug",
        empty_label=_("Any community"),
        method="filter_community",
        widget=CachedSelect(key="resources.community", scopes=("events",)),
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    # Exists rather than a join: no duplicate rows, and the link tables' indexes serve it.
    # `value: str`: what the open data schema (opendata) documents, the slug asked for.
    def filter_initiative(self, queryset, name, value: str):
        links = Resource.initiatives.through.objects.filter(
            resource=OuterRef("pk"), initiative=value
        )
        return queryset.filter(Exists(links))

    def filter_community(self, queryset, name, value: str):
        links = Resource.communities.through.objects.filter(
            resource=OuterRef("pk"), community=value
        )
        return queryset.filter(Exists(links))

    def filter_language(self, queryset, name, value):
        # A resource in both languages is in each.
        return queryset.filter(language__in=(value, Resource.Language.BOTH))
