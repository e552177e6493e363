from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from coalition.translation import both
from communities.models import Community, Follow


@admin.register(Community)
class CommunityAdmin(TranslationAdmin):
    list_display = ["name", "kind", "part_of", "state", "listed"]
    list_editable = ["listed"]
    list_filter = ["listed", "kind"]
    search_fields = both("name")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["part_of"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Who follows which community. The token is a secret link: never shown."""

    list_display = ["community", "email", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["community", "language", "new_sessions", "answers"]
    list_select_related = ["community"]
    search_fields = ["email", "name"]
    readonly_fields = ["created_at", "confirmed_at", "unsubscribed_at", "user"]
    fields = [
        "community",
        "email",
        "name",
        "language",
        "new_sessions",
        "answers",
        "user",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
