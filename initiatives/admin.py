from django.contrib import admin

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


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


class InitiativePartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent", "start_date", "end_date"]
    list_filter = ["parent"]
    search_fields = ["name", "short_name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [FocusAreaInline, InitiativePartnerInline]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "initiative", "position"]
    list_filter = ["kind", "initiative"]
    search_fields = ["title", "description"]
    list_select_related = ["initiative"]


@admin.register(DemonstrationSite)
class DemonstrationSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "state", "lead_organization"]
    list_filter = ["kind", "state", "initiatives"]
    search_fields = ["name", "city", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_organization"]
    filter_horizontal = ["initiatives"]
    list_select_related = ["lead_organization"]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    autocomplete_fields = ["site"]
    readonly_fields = ["recorded_at", "recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "unit", "target", "maximum", "higher_is_better"]
    list_filter = ["unit", "initiative"]
    search_fields = ["name", "description", "source"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["initiative"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_label", "student_group", "site", "value"]
    list_filter = ["student_group", "indicator__initiative", "site"]
    search_fields = ["indicator__name", "period_label", "source"]
    autocomplete_fields = ["indicator", "site"]
    list_select_related = ["indicator", "site"]
    readonly_fields = ["recorded_at", "recorded_by"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    readonly_fields = ["completed_by_update"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "initiative", "focus_area", "site", "target_date"]
    list_filter = ["initiative", "site", "focus_area__kind"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["initiative", "focus_area", "site", "indicator", "owners"]
    list_select_related = ["initiative", "focus_area", "site"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "due_date", "completed_on"]
    list_filter = ["completed_on", "objective__initiative"]
    search_fields = ["title", "objective__title"]
    autocomplete_fields = ["objective"]
    list_select_related = ["objective"]
    readonly_fields = ["completed_by_update"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
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
    search_fields = ["objective__title", "narrative", "author__email", "organization__name"]
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
    search_fields = ["organization__name", "initiative__name"]
    autocomplete_fields = ["organization", "initiative"]
    list_select_related = ["organization", "initiative"]
