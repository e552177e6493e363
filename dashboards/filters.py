"""The leads' dashboard filters."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.filters import BoundedDateFilter, LookupChoiceFilter
from coalition.translation import in_language
from coalition.widgets import LookupSelect
from initiatives.models import DemonstrationSite, Initiative
from partners.models import Organization


class DashboardFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the range comes before its start."))
        return data


class DashboardFilter(django_filters.FilterSet):
    """The leads' dashboard filters, kept in the URL so a view can be bookmarked and shared.

    Its queryset is the initiatives in view (an initiative comes with the ones inside it);
    dashboards.scope.Scope carries the same choices to every other panel.
    """

    initiative = LookupChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("All initiatives"),
        method="with_initiative",
        widget=LookupSelect(key="dashboard.initiative", scopes=("initiatives",)),
    )
    site = LookupChoiceFilter(
        label=_("Site or community"),
        queryset=DemonstrationSite.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("All sites"),
        method="at_site",
        widget=LookupSelect(key="dashboard.site", scopes=("initiatives",)),
    )
    organization = LookupChoiceFilter(
        label=_("Organization"),
        queryset=Organization.objects.filter(approved=True).order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("All organizations"),
        method="with_partner",
        widget=LookupSelect(key="dashboard.organization", scopes=("partners",)),
    )
    since = BoundedDateFilter(
        label=_("From"), method="active_since", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = BoundedDateFilter(
        label=_("To"), method="active_until", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Initiative
        fields = ["initiative", "site", "organization", "since", "until"]
        form = DashboardFilterForm

    def get_form_class(self):
        # The same fields on every request (labels and querysets are lazy): the class is made
        # once per process, and each form copies its fields as Django's forms do.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def with_initiative(self, queryset, name, value):
        return queryset.filter(Q(pk=value.pk) | Q(parent=value))

    def at_site(self, queryset, name, value):
        return queryset.filter(sites=value)

    def with_partner(self, queryset, name, value):
        return queryset.filter(partnerships__organization=value)

    def active_since(self, queryset, name, value):
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=value))

    def active_until(self, queryset, name, value):
        return queryset.filter(Q(start_date__isnull=True) | Q(start_date__lte=value))

    @property
    def qs(self):
        return super().qs.order_by(in_language("name"))
