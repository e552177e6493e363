from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from coalition.translation import both
from initiatives.models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    ProgressUpdate,
)


class FocusAreaInline(TranslationTabularInline):
    model = FocusArea
    extra = 0


class InitiativePartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Initiative)
class InitiativeAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "parent", "start_date", "end_date"]
    list_filter = ["parent"]
    search_fields = [*both("name"), *both("short_name"), *both("summary")]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [FocusAreaInline, InitiativePartnerInline]


@admin.register(FocusArea)
class FocusAreaAdmin(TranslationAdmin):
    list_display = ["title", "kind", "initiative", "position"]
    list_filter = ["kind", "initiative"]
    search_fields = [*both("title"), *both("description")]
    list_select_related = ["initiative"]


@admin.register(DemonstrationSite)
class DemonstrationSiteAdmin(TranslationAdmin):
    list_display = ["name", "kind", "city", "community", "state", "lead_organization"]
    list_filter = ["kind", "state", "community", "initiatives"]
    search_fields = [*both("name"), "city", *both("description")]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_organization", "community"]
    filter_horizontal = ["initiatives"]
    list_select_related = ["lead_organization", "community"]


class MeasurementInline(TranslationTabularInline):
    model = Measurement
    extra = 0
    autocomplete_fields = ["site"]
    readonly_fields = ["recorded_at", "recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["name", "initiative", "unit", "target", "maximum", "higher_is_better"]
    list_filter = ["unit", "initiative"]
    search_fields = [*both("name"), *both("description"), "source"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["initiative"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(TranslationAdmin):
    list_display = ["indicator", "period_label", "student_group", "site", "value"]
    list_filter = ["student_group", "indicator__initiative", "site"]
    search_fields = [*both("indicator__name"), *both("period_label"), "source"]
    autocomplete_fields = ["indicator", "site"]
    list_select_related = ["indicator", "site"]
    readonly_fields = ["recorded_at", "recorded_by"]


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0
    readonly_fields = ["completed_by_update"]


@admin.register(Objective)
class ObjectiveAdmin(TranslationAdmin):
    list_display = ["title", "initiative", "focus_area", "site", "target_date"]
    list_filter = ["initiative", "site", "focus_area__kind"]
    search_fields = [*both("title"), *both("description")]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["initiative", "focus_area", "site", "indicator", "owners"]
    list_select_related = ["initiative", "focus_area", "site"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin):
    list_display = ["title", "objective", "due_date", "completed_on"]
    list_filter = ["completed_on", "objective__initiative"]
    search_fields = [*both("title"), *both("objective__title")]
    autocomplete_fields = ["objective"]
    list_select_related = ["objective"]
    readonly_fields = ["completed_by_update"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(TranslationAdmin):
    """Updates are append-only: the admin shows them and changes nothing."""

    list_display = [
        "objective",
        "status",
        "organization",
        "author",
        "visibility",
        "created_at",
        "withdrawn_at",
    ]
    list_filter = ["status", "visibility", "objective__initiative", "withdrawn_at"]
    search_fields = [
        *both("objective__title"),
        *both("narrative"),
        "author__email",
        *both("organization__name"),
    ]
    list_select_related = ["objective", "organization", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InitiativePartner)
class InitiativePartnerAdmin(admin.ModelAdmin):
    list_display = ["organization", "initiative", "role"]
    list_filter = ["role", "initiative"]
    search_fields = [*both("organization__name"), *both("initiative__name")]
    autocomplete_fields = ["organization", "initiative"]
    list_select_related = ["organization", "initiative"]
