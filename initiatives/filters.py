import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from coalition.filters import LookupChoiceFilter
from coalition.translation import in_language, search_q
from coalition.widgets import CachedSelect, FixedSelect, LookupSelect
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    StudentGroup,
)
from partners.models import Organization


class InitiativeFilter(django_filters.FilterSet):
    """Filters of the initiatives list; the queryset passed in decides what is shown."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.SearchInput,
        help_text=_("Words from a name or summary."),
    )
    partner = LookupChoiceFilter(
        label=_("Partner organization"),
        # Approved partners only: an organization awaiting approval is not public.
        queryset=Organization.objects.filter(approved=True)
        .filter(Exists(InitiativePartner.objects.filter(organization=OuterRef("pk"))))
        .order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any partner"),
        method="with_partner",
        widget=LookupSelect(key="initiatives.partner", scopes=("partners", "initiatives")),
    )
    site = LookupChoiceFilter(
        label=_("Demonstration site"),
        queryset=DemonstrationSite.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any site"),
        method="at_site",
        widget=LookupSelect(key="initiatives.site", scopes=("initiatives",)),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of focus area"),
        choices=FocusArea.Kind.choices,
        empty_label=_("Any kind"),
        method="with_focus_area_kind",
        widget=FixedSelect(key="initiatives.kind"),
    )
    # The initiatives within one (its page names a few, then links here); kept by the form as a
    # hidden field, so that the other filters narrow them further.
    within = django_filters.ModelChoiceFilter(
        label=_("Part of"),
        queryset=Initiative.objects.all(),
        to_field_name="slug",
        field_name="parent",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Initiative
        fields = ["q", "partner", "site", "kind", "within"]

    def search(self, queryset, name, value):
        # In either language: a word is found whichever language the visitor reads.
        return queryset.filter(
            search_q("name", "icontains", value)
            | search_q("short_name", "icontains", value)
            | search_q("summary", "icontains", value)
            | search_q("description", "icontains", value)
        )

    # Exists rather than joins: a join would repeat an initiative once per matching row.
    def with_partner(self, queryset, name, value):
        return queryset.filter(
            Exists(InitiativePartner.objects.filter(initiative=OuterRef("pk"), organization=value))
        )

    def at_site(self, queryset, name, value):
        return queryset.filter(
            Exists(
                DemonstrationSite.initiatives.through.objects.filter(
                    initiative=OuterRef("pk"), demonstrationsite=value
                )
            )
        )

    def with_focus_area_kind(self, queryset, name, value):
        return queryset.filter(
            Exists(FocusArea.objects.filter(initiative=OuterRef("pk"), kind=value))
        )


class SiteFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of site"),
        choices=DemonstrationSite.Kind.choices,
        empty_label=_("Any kind"),
        widget=FixedSelect(key="sites.kind"),
    )
    initiative = LookupChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any initiative"),
        method="in_initiative",
        widget=LookupSelect(key="sites.initiative", scopes=("initiatives",)),
    )
    city = django_filters.ChoiceFilter(
        label=_("City or town"),
        empty_label=_("Any city or town"),
        widget=CachedSelect(key="sites.city", scopes=("initiatives",)),
    )

    class Meta:
        model = DemonstrationSite
        fields = ["kind", "initiative", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = self.queryset.order_by("city").values_list("city", flat=True).distinct()
        # Read only when the options are rendered (not kept) or a value is checked.
        self.filters["city"].extra["choices"] = lambda: [(city, city) for city in cities]

    def in_initiative(self, queryset, name, value):
        return queryset.filter(
            Exists(
                DemonstrationSite.initiatives.through.objects.filter(
                    demonstrationsite=OuterRef("pk"), initiative=value
                )
            )
        )


class _MeasurementFilterForm(forms.Form):
    """Its ids begin "id_filter_": the same page has the form to record a figure, whose fields
    have the same names."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_filter_%s")
        super().__init__(*args, **kwargs)


class MeasurementFilter(django_filters.FilterSet):
    """The leads' list of recorded figures."""

    indicator = LookupChoiceFilter(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any indicator"),
        widget=LookupSelect(key="measurements.indicator", scopes=("initiatives",)),
    )
    student_group = django_filters.ChoiceFilter(
        label=_("Student group"),
        choices=StudentGroup.choices,
        empty_label=_("Any group"),
        widget=FixedSelect(key="measurements.student_group"),
    )

    class Meta:
        model = Measurement
        fields = ["indicator", "student_group"]
        form = _MeasurementFilterForm
