import re
from collections import Counter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from coalition.forms import BoundedDateField
from coalition.models import AuditLog
from coalition.translation import search_q
from coalition.widgets import LookupSelect

# How many names a search box proposes when what was typed matches several.
PROPOSALS = 20


class BoundedDateFilter(django_filters.DateFilter):
    """Every date filter of the portal: dates outside 1900 to 2100 make the form invalid (the
    page answers 400 with the message beside the field), never a date the database or Python
    cannot hold."""

    field_class = BoundedDateField


class LookupChoiceField(ModelChoiceField):
    """A choice of one row of many, by its slug (from a select, a link or a bookmark) or by
    name, in either language, whole or in part: what a LookupSelect's search box sends once
    there are too many rows for a select. Several matches make the form invalid, with the
    names proposed as the person types again."""

    default_error_messages = {
        "no_match": _("Nothing of that name was found: “%(value)s”. Check it, or type less of it."),
        "several": _(
            "Several names contain “%(value)s”. Choose one of those proposed as you type, or "
            "type more of it."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            found = super().to_python(text)
        except ValidationError:
            # A name proposed beside another of the same name carries its slug: "Name (slug)".
            named = re.fullmatch(r".+ \(([-\w]+)\)", text)
            try:
                found = super().to_python(named[1]) if named else None
            except ValidationError:
                found = None
            found = found or self.by_name(text)
        if isinstance(self.widget, LookupSelect):
            self.widget.chosen = (str(value), self.label_of(found, Counter()))
        return found

    def label_of(self, row, names: Counter) -> str:
        """Its name, and its slug too where another row proposed has the same name."""
        name = str(row)
        return (
            f"{name} ({getattr(row, self.to_field_name)})" if names[name.casefold()] > 1 else name
        )

    def by_name(self, text: str):
        exact = list(self.queryset.filter(search_q("name", "iexact", text))[: PROPOSALS + 1])
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(
            self.queryset.filter(search_q("name", "icontains", text))[: PROPOSALS + 1]
        )
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(
                self.error_messages["no_match"], code="no_match", params={"value": text}
            )
        if isinstance(self.widget, LookupSelect):
            # Names that are the same whole (in some language, in any case) are told apart by
            # their slugs, so that the name proposed chooses one row.
            names = Counter(str(match).casefold() for match in matches)
            if exact:
                names = Counter(dict.fromkeys(names, 2))
            self.widget.proposals = [self.label_of(match, names) for match in matches[:PROPOSALS]]
        raise ValidationError(
            self.error_messages["several"], code="several", params={"value": text}
        )


class LookupChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over a list that grows with the network: give it a LookupSelect."""

    field_class = LookupChoiceField


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
