from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from coalition.translation import both
from partners.models import Invitation, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organization"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ["name", "sector", "city", "approved", "created_at"]
    list_filter = ["approved", "sector", "city", "communities"]
    search_fields = [*both("name"), *both("description"), "city"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["communities"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "user__name", *both("organization__name")]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", *both("organization__name")]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["invited_by", "created_at", "accepted_at", "accepted_by"]
