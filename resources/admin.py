from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from resources.models import Resource


@admin.register(Resource)
class ResourceAdmin(TranslationAdmin):
    """The admin edits texts and links; a file is added or replaced through the library's own
    form (/resources/<slug>/edit/), which checks it and audits the change."""

    list_display = ["title", "kind", "language", "visibility", "organization", "published_on"]
    list_filter = ["kind", "language", "visibility", "is_example"]
    search_fields = ["title_en", "title_es", "source"]
    autocomplete_fields = ["organization", "initiatives", "communities"]
    raw_id_fields = ["events", "focus_areas"]
    readonly_fields = [
        "file",
        "file_name",
        "file_type",
        "file_size",
        "created_by",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["organization"]
