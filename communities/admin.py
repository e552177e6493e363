from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from coalition.translation import both
from communities.models import Community


@admin.register(Community)
class CommunityAdmin(TranslationAdmin):
    list_display = ["name", "kind", "part_of", "state", "listed"]
    list_editable = ["listed"]
    list_filter = ["listed", "kind"]
    search_fields = both("name")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["part_of"]
