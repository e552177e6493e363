import copy
import functools

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef
from django.forms.models import ModelChoiceIteratorValue
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.filters import LookupChoiceFilter
from coalition.translation import in_language
from coalition.widgets import CachedSelect, LookupSelect
from communities.selectors import listed_communities
from initiatives.models import Initiative, InitiativePartner, PartnerRole
from partners.models import ORGANIZATION_DOCUMENT, Organization, Sector

# Each facet's options show counts that follow the other filters: kept per version of the
# organizations and partnerships, language, and the other filters in use.
FACET_SCOPES = ("partners", "initiatives")


def _facet(name: str) -> CachedSelect:
    return CachedSelect(key=f"directory.{name}", scopes=FACET_SCOPES)


class OrganizationFilter(django_filters.FilterSet):
    """The partner directory's filters; the queryset passed in decides who is public."""

    SORT_CHOICES = [("name", _("Name (A to Z)")), ("newest", _("Newest first"))]

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        help_text=_("Words from a name or description."),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=Sector.choices,
        empty_label=_("Any sector"),
        widget=_facet("sector"),
    )
    initiative = LookupChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any initiative"),
        method="in_partnership",
        widget=LookupSelect(key="directory.initiative", scopes=FACET_SCOPES),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role in the initiative"),
        choices=PartnerRole.choices,
        empty_label=_("Any role"),
        method="in_partnership",
        widget=_facet("role"),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Works in the community"),
        queryset=listed_communities(),
        field_name="communities",
        to_field_name="slug",
        empty_label=_("Any community"),
        widget=_facet("community"),
    )
    city = django_filters.ChoiceFilter(
        label=_("City or town"),
        empty_label=_("Any city or town"),
        widget=_facet("city"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, empty_label=None, method="sort_by"
    )

    class Meta:
        model = Organization
        fields = ["q", "sector", "initiative", "role", "community", "city", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only cities of listed organizations, so an unapproved one leaks nothing.
        cities = self.queryset.exclude(city="").order_by("city").values_list("city", flat=True)
        # Read only when the options are rendered (not kept) or a value is checked.
        self.filters["city"].extra["choices"] = lambda: [(c, c) for c in cities.distinct()]

    def search(self, queryset, name, value):
        # The site search's matching (coalition.search): in either language, accents aside.
        return search.matching(queryset, ORGANIZATION_DOCUMENT, value)

    def in_partnership(self, queryset, name, value):
        # Applied in filter_queryset: initiative and role must hold for the same partnership.
        return queryset

    def sort_by(self, queryset, name, value):
        if value == "newest":
            return queryset.order_by("-created_at", "-id")
        return queryset.order_by(in_language("name"))

    def filter_queryset(self, queryset):
        return self._apply(queryset, self.form.cleaned_data)

    def _apply(self, queryset, data: dict):
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        # Initiative and role must hold for the same partnership.
        partnership = {key: data[key] for key in ("initiative", "role") if data.get(key)}
        if partnership:
            queryset = queryset.filter(
                Exists(InitiativePartner.objects.filter(organization=OuterRef("pk"), **partnership))
            )
        return queryset

    # Facets: how many organizations each choice would list, the other filters kept.

    FACETS = ("sector", "initiative", "role", "community", "city")

    def _filtered_without(self, facet: str):
        """The listed organizations with every filter applied but `facet` (and sorting)."""
        if not self.is_bound or not self.is_valid():
            return self.queryset
        data = {k: v for k, v in self.form.cleaned_data.items() if k not in (facet, "sort")}
        return self._apply(self.queryset, data)

    # What each facet counts organizations by; those through a relation leave out the
    # organizations without one.
    FACET_PATHS = {
        "sector": "sector",
        "city": "city",
        "initiative": "partnerships__initiative__slug",
        "role": "partnerships__role",
        "community": "communities__slug",
    }

    def facet_counts(self, facet: str) -> dict[str, int]:
        """One query, counted by the database, whatever the number of rows."""
        path = self.FACET_PATHS[facet]
        rows = self._filtered_without(facet).order_by()
        if "__" in path:
            rows = rows.filter(**{f"{path}__isnull": False})
        rows = rows.values(path).annotate(n=Count("pk", distinct=True))
        return {row[path]: row["n"] for row in rows}

    def label_with_counts(self) -> None:
        """Show each choice with its count: "Funder (4)"; choices that would list nobody too,
        so the form does not change shape as filters narrow. A facet is counted only when its
        options are rendered: not when they are reused from the cache (`CachedSelect`), nor
        when there are too many for a select (`LookupSelect`)."""
        counts = functools.cache(self.facet_counts)
        for facet in self.FACETS:
            field = self.form.fields[facet]
            # Only what the select shows; validation keeps the field's own choices.
            field.widget.choices = _Counted(field.choices, facet, counts)
            field.widget.vary_on = self._others(facet)

    def _others(self, facet: str) -> tuple:
        """What the facet's counts depend on besides the data: the other filters in use."""
        if not self.is_bound or not self.is_valid():
            return ()
        return tuple(
            sorted(
                (name, _slug_of(value))
                for name, value in self.form.cleaned_data.items()
                if name not in (facet, "sort") and value
            )
        )


def _with_count(label: str, counts, facet: str, key) -> str:
    return f"{label} ({counts(facet).get(key, 0)})"


# Counted when the label is rendered, not when the choices are listed.
_lazy_with_count = lazy(_with_count, str)


class _Counted(BaseChoiceIterator):
    """A facet's choices labelled with their counts, counted when a label is first shown."""

    def __init__(self, choices, facet: str, counts):
        self.choices, self.facet, self.counts = choices, facet, counts

    # A LookupSelect reads a bounded slice of the rows to choose between a select and a box.
    @property
    def queryset(self):
        return self.choices.queryset

    @queryset.setter
    def queryset(self, queryset):
        self.choices = copy.copy(self.choices)
        self.choices.queryset = queryset

    def __iter__(self):
        for value, label in self.choices:
            if value in ("", None):
                yield value, label
                continue
            key = _slug_of(value) if self.facet in ("initiative", "community") else value
            yield value, _lazy_with_count(label, self.counts, self.facet, key)


def _slug_of(value) -> str:
    # ModelChoiceField values are ModelChoiceIteratorValue wrapping the instance.
    if isinstance(value, ModelChoiceIteratorValue):
        value = value.instance
    return getattr(value, "slug", None) or str(value)
