import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from coalition.models import AuditLog
from initiatives.models import DemonstrationSite, Initiative
from partners.models import Organization


class AuditLogFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(
        label=_("Action"),
        lookup_expr="startswith",
        help_text=_("For example membership, invitation or lead.granted."),
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditLog
        fields = ["action", "since", "until"]


class LongSelect(forms.Select):
    """A select of every initiative, site or organization, written without a template per
    option: Django renders each option through a template of its own, which costs more than
    the rest of the dashboard once the network counts hundreds of organizations."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        selected = mark_safe(" selected")
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    selected if option["selected"] else "",
                    option["label"],
                )
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


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
    coalition.dashboard.Scope carries the same choices to every other panel.
    """

    initiative = django_filters.ModelChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All initiatives"),
        method="with_initiative",
        widget=LongSelect,
    )
    site = django_filters.ModelChoiceFilter(
        label=_("Site or community"),
        queryset=DemonstrationSite.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All sites"),
        method="at_site",
        widget=LongSelect,
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"),
        queryset=Organization.objects.filter(approved=True).order_by("name"),
        to_field_name="slug",
        empty_label=_("All organizations"),
        method="with_partner",
        widget=LongSelect,
    )
    since = django_filters.DateFilter(
        label=_("From"), method="active_since", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("To"), method="active_until", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Initiative
        fields = ["initiative", "site", "organization", "since", "until"]
        form = DashboardFilterForm

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
        return super().qs.order_by("name")
