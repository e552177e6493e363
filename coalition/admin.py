from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from coalition import services
from coalition.models import AuditLog, Job, OutboxEmail, User
from coalition.permissions import AFTER_MFA_SESSION_KEY, client_ip, roles_of


def _admin_login_through_allauth(login_view):
    """The admin's sign-in is allauth's: its second factor, rate limits and failed-sign-in
    logging. Admin staff without two-factor authentication are sent to set it up first."""
    secured = secure_admin_login(login_view)

    @wraps(login_view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff and roles_of(user).needs_mfa:
            back = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = "/admin/"
            request.session[AFTER_MFA_SESSION_KEY] = back
            return redirect("mfa_activate_totp")
        return secured(request, *args, **kwargs)

    return wrapped


def _admin_has_permission(has_permission):
    """No admin page for staff who still need two-factor authentication: they are sent to the
    admin's sign-in, which sends them to set it up."""

    @wraps(has_permission)
    def wrapped(request):
        return has_permission(request) and not roles_of(request.user).needs_mfa

    return wrapped


admin.site.login = _admin_login_through_allauth(admin.site.login)
admin.site.has_permission = _admin_has_permission(admin.site.has_permission)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "preferred_language", "is_coalition_lead", "is_staff"]
    list_filter = [
        "is_coalition_lead",
        "is_staff",
        "is_superuser",
        "is_active",
        "preferred_language",
    ]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("name", "preferred_language")}),
        (_("Roles"), {"fields": ("is_coalition_lead", "is_active", "is_staff", "is_superuser")}),
        (_("Django permissions"), {"fields": ("groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
    # The lead role changes only on the leads page, which writes the audit log and tells the person.
    readonly_fields = ["last_login", "date_joined", "is_coalition_lead"]
    actions = None  # no bulk delete: each deletion goes through user_delete

    def delete_model(self, request, obj):
        # Like "delete my account": registrations keep their counts, lose the personal data.
        services.user_delete(user=obj, ip=client_ip(request))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written only by the code that makes the change they describe."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "content_type", "object_id", "ip_address"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "actor__email", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "dedupe_key", "message_id"]
    date_hierarchy = "created_at"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "filename",
        "status",
        "attempts",
        "heartbeat_at",
        "rows_done",
        "rows_total",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["filename"]
    date_hierarchy = "created_at"
    exclude = ["payload"]
