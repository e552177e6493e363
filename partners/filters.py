import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, InitiativePartner, PartnerRole
from partners.models import Organization, Sector


class OrganizationFilter(django_filters.FilterSet):
    """The partner directory's filters; the queryset passed in decides who is public."""

    SORT_CHOICES = [("name", _("Name (A to Z)")), ("newest", _("Newest first"))]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.SearchInput,
        help_text=_("Words from a name or description."),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, empty_label=_("Any sector")
    )
    initiative = django_filters.ModelChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any initiative"),
        method="in_partnership",
    )
    role = django_filters.ChoiceFilter(
        label=_("Role in the initiative"),
        choices=PartnerRole.choices,
        empty_label=_("Any role"),
        method="in_partnership",
    )
    city = django_filters.ChoiceFilter(label=_("City or town"), empty_label=_("Any city or town"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="sort_by"
    )

    class Meta:
        model = Organization
        fields = ["q", "sector", "initiative", "role", "city", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only cities of listed organizations, so an unapproved one leaks nothing.
        cities = self.queryset.exclude(city="").order_by("city").values_list("city", flat=True)
        self.filters["city"].extra["choices"] = [(city, city) for city in cities.distinct()]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def in_partnership(self, queryset, name, value):
        # Applied in filter_queryset: initiative and role must hold for the same partnership.
        return queryset

    def sort_by(self, queryset, name, value):
        if value == "newest":
            return queryset.order_by("-created_at", "-id")
        return queryset.order_by("name")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        partnership = {key: data[key] for key in ("initiative", "role") if data.get(key)}
        if partnership:
            queryset = queryset.filter(
                Exists(InitiativePartner.objects.filter(organization=OuterRef("pk"), **partnership))
            )
        return queryset
