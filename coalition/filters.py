import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import BoundedDateField
from coalition.models import AuditLog


class BoundedDateFilter(django_filters.DateFilter):
    """Every date filter of the portal: dates outside 1900 to 2100 make the form invalid (the
    page answers 400 with the message beside the field), never a date the database or Python
    cannot hold."""

    field_class = BoundedDateField


class AuditLogFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(
        label=_("Action"),
        lookup_expr="startswith",
        help_text=_("For example membership, invitation or lead.granted."),
    )
    since = BoundedDateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = BoundedDateFilter(
        label=_("To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditLog
        fields = ["action", "since", "until"]
