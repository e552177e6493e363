"""Filters of the open data tables that have no list page of their own on the portal; the
others reuse the pages' FilterSets (events.filters, initiatives.filters, portal.filters)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from initiatives.filters import InitiativeFilter, MeasurementFilter
from initiatives.models import (
    DemonstrationSite,
    Indicator,
    Initiative,
    Measurement,
    Objective,
    ProgressStatus,
)
from partners.selectors import public_organizations
from portal.filters import OrganizationFilter


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


class OpenOrganizationFilter(OrganizationFilter):
    def in_partnership(self, queryset, name, value: str):
        return super().in_partnership(queryset, name, value)
