from django.contrib import admin
from django.urls import include, path

from coalition import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("partners/", include("partners.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("sites/", include("initiatives.urls_sites")),
    path("events/", include("events.urls")),
    path("network/", include("coalition.urls_network")),
]
