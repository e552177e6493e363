import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.filters import BoundedDateFilter, LookupChoiceFilter
from coalition.translation import in_language
from coalition.widgets import CachedSelect, FixedSelect, LookupSelect
from communities.models import Community
from communities.selectors import listed_communities
from events.models import SEARCH_DOCUMENT, Event, EventLanguage, Language, LocationSuggestion
from initiatives.models import DemonstrationSite, Initiative


class When(TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    PAST = "past", _("Past")


def _start_of_local_day(day: dt.date) -> dt.datetime:
    """Midnight of that day in Massachusetts (TIME_ZONE), whatever zone is active."""
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone()
    )


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Keywords"),
        method="filter_words",
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        help_text=_("Words from the title or description, in English or Spanish."),
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=When.choices,
        empty_label=None,
        method="filter_when",
        widget=FixedSelect(key="events.when"),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=listed_communities(),
        to_field_name="slug",
        empty_label=_("Any community"),
        widget=CachedSelect(key="events.community", scopes=("events",)),
    )
    site = LookupChoiceFilter(
        label=_("Demonstration site"),
        queryset=DemonstrationSite.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any site"),
        widget=LookupSelect(key="events.site", scopes=("initiatives",)),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of event"),
        choices=Event.Kind.choices,
        empty_label=_("Any kind"),
        widget=FixedSelect(key="events.kind"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=Event.Format.choices,
        empty_label=_("Any format"),
        widget=FixedSelect(key="events.format"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language, spoken or interpreted"),
        choices=Language.choices,
        empty_label=_("Any language"),
        method="filter_language",
        widget=FixedSelect(key="events.language"),
    )
    initiative = LookupChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any initiative"),
        widget=LookupSelect(key="events.initiative", scopes=("initiatives",)),
    )
    from_date = BoundedDateFilter(
        label=_("From"),
        method="filter_from_date",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    to_date = BoundedDateFilter(
        label=_("To"),
        method="filter_to_date",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Event
        fields: list[str] = []

    @property
    def when_value(self) -> str:
        """The period shown: upcoming unless the visitor asked for past events."""
        return self.form.cleaned_data.get("when") or When.UPCOMING

    @property
    def narrowed(self) -> bool:
        """True when the visitor chose any filter besides upcoming/past."""
        return any(value for name, value in self.form.cleaned_data.items() if name != "when")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("when"):
            queryset = self.filter_when(queryset, "when", When.UPCOMING)
        return queryset

    def filter_when(self, queryset, name, value):
        # An event still under way counts as upcoming: people may yet join it.
        if value == When.PAST:
            return queryset.ended().order_by("-starts_at", "-id")
        return queryset.not_ended().order_by("starts_at", "id")

    def filter_words(self, queryset, name, value):
        # The site search's matching (coalition.search): accents, stems, childcare.
        return search.matching(queryset, SEARCH_DOCUMENT, value)

    def filter_language(self, queryset, name, value):
        # Exists rather than a join: no duplicate rows, no effect on the seat count.
        spoken_or_interpreted = EventLanguage.objects.filter(event=OuterRef("pk"), language=value)
        return queryset.filter(Exists(spoken_or_interpreted))

    def filter_from_date(self, queryset, name, value):
        return queryset.filter(starts_at__gte=_start_of_local_day(value))

    def filter_to_date(self, queryset, name, value):
        # Through the end of that day in Massachusetts, so a 11:30 pm session is included.
        return queryset.filter(starts_at__lt=_start_of_local_day(value + dt.timedelta(days=1)))


class SuggestionFilter(django_filters.FilterSet):
    """The leads' review list of where-next suggestions."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=LocationSuggestion.Status.choices,
        empty_label=_("Any status"),
        widget=FixedSelect(key="suggestions.status"),
    )
    community = django_filters.ModelChoiceFilter(
        label=_("Community"),
        queryset=Community.objects.filter(
            Exists(LocationSuggestion.objects.filter(community=OuterRef("pk")))
        ).order_by(in_language("name")),
        to_field_name="slug",
        empty_label=_("Any community"),
        widget=CachedSelect(key="events.suggestion_community", scopes=("events",)),
    )

    class Meta:
        model = LocationSuggestion
        fields = ["status", "community"]
