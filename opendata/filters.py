"""Filters of the open data tables that have no list page of their own on the portal; the
others reuse the pages' FilterSets (events.filters, initiatives.filters, portal.filters)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from coalition.translation import search_q
from communities.models import Community
from communities.selectors import listed_communities
from initiatives.filters import InitiativeFilter, MeasurementFilter
from initiatives.models import (
    DemonstrationSite,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Objective,
    PartnerRole,
    ProgressStatus,
)
from partners.models import Organization, Sector
from partners.selectors import public_organizations


def _by_slug(model_or_queryset, label):
    queryset = (
        model_or_queryset.objects.all()
        if isinstance(model_or_queryset, type)
        else model_or_queryset
    )
    return django_filters.ModelChoiceFilter(label=label, queryset=queryset, to_field_name="slug")


class ObjectiveFilter(django_filters.FilterSet):
    initiative = _by_slug(Initiative, _("Initiative"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProgressStatus.choices,
        field_name="current_status",
        help_text=_("The state told by its latest public progress update."),
    )
    site = _by_slug(DemonstrationSite, _("Demonstration site"))
    indicator = _by_slug(Indicator, _("Indicator"))
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner organization"),
        queryset=public_organizations(),
        to_field_name="slug",
        method="with_owner",
    )

    class Meta:
        model = Objective
        fields = ["initiative", "status", "site", "indicator", "owner"]

    def with_owner(self, queryset, name, value: str):  # a slug (the schema's type)
        # Exists rather than a join: no objective twice.
        owners = Objective.owners.through.objects.filter(
            objective=OuterRef("pk"), organization=value
        )
        return queryset.filter(Exists(owners))


class IndicatorFilter(django_filters.FilterSet):
    initiative = _by_slug(Initiative, _("Initiative"))
    unit = django_filters.ChoiceFilter(label=_("Unit"), choices=Indicator.Unit.choices)

    class Meta:
        model = Indicator
        fields = ["initiative", "unit"]


class OpenMeasurementFilter(MeasurementFilter):
    """The leads' measurement filters (indicator, student group), and the site."""

    site = _by_slug(DemonstrationSite, _("Demonstration site"))

    class Meta(MeasurementFilter.Meta):
        model = Measurement
        fields = ["indicator", "student_group", "site"]


class CommunityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Community.Kind.choices)
    part_of = django_filters.ModelChoiceFilter(
        label=_("Part of"),
        queryset=Community.objects.filter(listed=True),
        to_field_name="slug",
    )

    class Meta:
        model = Community
        fields = ["kind", "part_of"]


# The pages' filters as they are; the value of each filter that runs a method is a slug (the
# type hints tell the schema so).


class OpenInitiativeFilter(InitiativeFilter):
    def with_partner(self, queryset, name, value: str):
        return super().with_partner(queryset, name, value)

    def at_site(self, queryset, name, value: str):
        return super().at_site(queryset, name, value)


class OpenOrganizationFilter(django_filters.FilterSet):
    """The partner directory's filters (portal.filters.OrganizationFilter, which a top app may
    not import): words, sector, initiative and role in the same partnership, community, city."""

    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Words from a name or description.")
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    initiative = django_filters.ModelChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.all(),
        to_field_name="slug",
        method="in_partnership",
    )
    role = django_filters.ChoiceFilter(
        label=_("Role in the initiative"), choices=PartnerRole.choices, method="in_partnership"
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Works in the community"),
        queryset=listed_communities(),
        to_field_name="slug",
        method="works_in",
    )
    # As written on the organizations' rows (the directory's choices): the index on
    # (approved, city) answers it.
    city = django_filters.CharFilter(label=_("City or town"), field_name="city")

    class Meta:
        model = Organization
        fields = ["q", "sector", "initiative", "role", "community", "city"]

    def search(self, queryset, name, value: str):
        # In either language, as the directory.
        return queryset.filter(
            search_q("name", "icontains", value) | search_q("description", "icontains", value)
        )

    def in_partnership(self, queryset, name, value: str):
        # Applied in filter_queryset: initiative and role must hold for the same partnership.
        return queryset

    def works_in(self, queryset, name, value: str):
        # Exists rather than a join: no organization twice.
        return queryset.filter(
            Exists(
                Organization.communities.through.objects.filter(
                    organization=OuterRef("pk"), community=value
                )
            )
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        partnership = {key: data[key] for key in ("initiative", "role") if data.get(key)}
        if partnership:
            queryset = queryset.filter(
                Exists(InitiativePartner.objects.filter(organization=OuterRef("pk"), **partnership))
            )
        return queryset
