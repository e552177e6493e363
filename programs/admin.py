from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from programs.models import Application, Call, Cohort, Program, Question, Review


@admin.register(Program)
class ProgramAdmin(TranslationAdmin):
    list_display = ["name", "host", "initiative", "attendance_threshold", "is_example"]
    list_filter = ["is_example", "host"]
    search_fields = ["name_en", "name_es"]
    autocomplete_fields = ["host", "initiative"]
    prepopulated_fields = {"slug": ["name_en"]}


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 0


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "program", "opens_at", "deadline", "is_example"]
    list_filter = ["is_example", "program"]
    search_fields = ["title_en", "title_es"]
    list_select_related = ["program"]
    inlines = [QuestionInline]


@admin.register(Cohort)
class CohortAdmin(TranslationAdmin):
    """Sessions added here register nobody: add them through programs.services.cohort_session_add
    (the demo loader does) so that the accepted people are registered."""

    list_display = ["name", "program", "call", "is_example"]
    list_select_related = ["program", "call"]
    raw_id_fields = ["sessions"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    readonly_fields = ["reviewer", "score", "reason", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read only: applicants write through their page, reviewers through the review pages,
    which audit and email."""

    list_display = ["name", "call", "language", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "language", "is_example"]
    search_fields = ["name", "email"]
    list_select_related = ["call", "call__program"]
    inlines = [ReviewInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
