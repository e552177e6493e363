from django.urls import path

from partners import views

app_name = "partners"

# The directory and each organization's page ("" and "<slug:slug>/") are portal's
# (portal.urls_directory), which come after these; these take names an organization's slug never
# gets (services.RESERVED_SLUGS).
urlpatterns = [
    path("apply/", views.organization_apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application_decide, name="application_decide"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/join/", views.membership_request, name="join"),
    path("<slug:slug>/staff/", views.staff, name="staff"),
    path("<slug:slug>/staff/invite/", views.invitation_send, name="invite"),
    path(
        "<slug:slug>/staff/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/staff/requests/<int:pk>/", views.membership_decide, name="membership_decide"),
    path("<slug:slug>/staff/members/<int:pk>/role/", views.membership_role, name="membership_role"),
    path(
        "<slug:slug>/staff/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
]
