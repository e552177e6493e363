from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from coalition.translation import both
from events.models import (
    Event,
    EventLanguage,
    Feedback,
    LocationSuggestion,
    Registration,
    SessionReport,
    Theme,
)
from events.services import seats_recount


class EventLanguageInline(admin.TabularInline):
    model = EventLanguage
    extra = 0


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "format",
        "community",
        "site",
        "capacity",
        "status",
    ]
    list_filter = ["status", "kind", "format", "community", "site", "initiative"]
    search_fields = [*both("title"), *both("description"), "venue", "city"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["initiative", "site", "community", "hosts"]
    date_hierarchy = "starts_at"
    list_select_related = ["site", "community"]
    readonly_fields = ["seats_taken", "created_by", "created_at", "updated_at"]
    inlines = [EventLanguageInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "language", "needs_transportation", "event__site"]
    search_fields = ["name", "email", *both("event__title")]
    autocomplete_fields = ["event", "user"]
    list_select_related = ["event"]
    readonly_fields = [
        "created_at",
        "updated_at",
        "cancelled_at",
        "anonymized_at",
        "text_reminder_consented_at",
        "text_reminder_sent_at",
    ]
    date_hierarchy = "created_at"

    # A registration written here skips the services that keep each event's seat counter:
    # count the seats of the events it touched again, after the change.

    def save_model(self, request, obj, form, change):
        before = form.initial.get("event")
        super().save_model(request, obj, form, change)
        seats_recount(event_ids=[obj.event_id, *([before] if before else [])])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        seats_recount(event_ids=[obj.event_id])

    def delete_queryset(self, request, queryset):
        event_ids = set(queryset.values_list("event_id", flat=True))
        super().delete_queryset(request, queryset)
        seats_recount(event_ids=event_ids)


@admin.register(LocationSuggestion)
class LocationSuggestionAdmin(admin.ModelAdmin):
    list_display = ["place", "community", "status", "event", "created_at"]
    list_filter = ["status", "community"]
    search_fields = ["place", *both("community__name"), "reason"]
    autocomplete_fields = ["event", "community"]
    list_select_related = ["event", "community"]
    readonly_fields = ["submitted_by", "created_at"]


class ThemeInline(TranslationStackedInline):
    model = Theme
    extra = 0
    autocomplete_fields = ["objectives"]


@admin.register(SessionReport)
class SessionReportAdmin(TranslationAdmin):
    list_display = ["event", "published_at"]
    list_filter = ["published_at"]
    search_fields = [*both("event__title"), *both("summary")]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]
    readonly_fields = ["author"]
    inlines = [ThemeInline]


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["title", "report", "position"]
    search_fields = [*both("title"), *both("description")]
    autocomplete_fields = ["report", "objectives"]
    list_select_related = ["report__event"]


@admin.register(EventLanguage)
class EventLanguageAdmin(admin.ModelAdmin):
    list_display = ["event", "language", "interpretation"]
    list_filter = ["language", "interpretation"]
    search_fields = [*both("event__title")]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Answers are the people's own: read, never changed."""

    list_display = ["event", "usefulness", "language", "created_at"]
    list_filter = ["usefulness", "language"]
    list_select_related = ["event"]
    readonly_fields = [field.name for field in Feedback._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
