import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
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


class LongSelect(forms.Select):
    """A select of every initiative, site or organization, written without a template per
    option: Django renders each option through a template of its own, which costs more than
    the rest of the dashboard once the network counts hundreds of organizations."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        selected = " selected"  # format_html escapes it to itself: nothing in it to escape
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
