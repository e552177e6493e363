import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import AuditLog


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
