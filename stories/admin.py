from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from stories.models import Story


@admin.register(Story)
class StoryAdmin(TranslationAdmin):
    """Texts and links may be corrected here; publishing and returning go through the review
    page, which audits them and tells the author, so the status is read only. The image is
    changed from the story's own form, which checks it."""

    list_display = ["title", "organization", "status", "published_at", "is_example"]
    list_filter = ["status", "is_example", "organization"]
    list_select_related = ["organization"]
    search_fields = ["title_en", "title_es", "summary_en", "summary_es"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["initiatives", "communities"]
    readonly_fields = [
        "status",
        "image",
        "image_type",
        "author",
        "return_reason",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
    ]
