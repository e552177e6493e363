import django_filters
from django.utils.translation import gettext_lazy as _

from coalition.widgets import FixedSelect
from programs.models import REVIEWABLE, Application


class ReviewFilter(django_filters.FilterSet):
    """The reviewers' list of a program's applications, by status (a value not offered makes
    the form invalid: the page answers 400 with the message beside the field)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(value, Application.Status(value).label) for value in REVIEWABLE],
        empty_label=_("Every status"),
        widget=FixedSelect(key="programs.status"),
    )

    class Meta:
        model = Application
        fields = ["status"]
