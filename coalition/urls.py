from django.contrib import admin
from django.urls import include, path

from coalition import views

# The signed-in person's own account.
me_patterns = [
    path("", views.me, name="index"),
    path("data/", views.me_data, name="data"),
    path("delete/", views.me_delete, name="delete"),
]

handler400 = "coalition.views.bad_request"
handler403 = "coalition.views.permission_denied"
# Not one of Django's: allauth answers every refused rate limit (its own and ours) with it.
handler429 = "coalition.views.too_many_requests"

urlpatterns = [
    path("", include("portal.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.language, name="language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("partners/", include("partners.urls")),
    path("partners/", include("portal.urls_directory")),
    path("initiatives/", include("initiatives.urls")),
    path("sites/", include("initiatives.urls_sites")),
    path("events/", include("events.urls")),
    path("consult/", include("consultations.urls")),
    path("stories/", include("stories.urls")),
    path("resources/", include("resources.urls")),
    path("communities/", include("portal.urls_communities")),
    path("follows/", include("communities.urls")),
    path("network/", include("portal.urls_network")),
    path("dashboard/", include("dashboards.urls")),
    path("me/", include((me_patterns, "me"))),
    # /open-data/ and /api/v1/: the public tables as JSON and CSV.
    path("", include("opendata.urls")),
    path("programs/", include("programs.urls")),
]
