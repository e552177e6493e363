from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from consultations.models import Comment, Document, Section


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0


@admin.register(Document)
class DocumentAdmin(TranslationAdmin):
    list_display = ["title", "host", "opens_at", "closes_at", "is_example"]
    list_filter = ["is_example", "host"]
    search_fields = ["title_en", "title_es"]
    autocomplete_fields = ["host", "initiative"]
    raw_id_fields = ["milestone"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [SectionInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Read only: approving and hiding go through the moderation page, which audits them."""

    list_display = ["name", "document", "section", "language", "status", "created_at"]
    list_filter = ["status", "language"]
    search_fields = ["name", "email", "text"]
    list_select_related = ["document", "section"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
