from django.urls import path

from portal.views import organizations

app_name = "directory"

# Under /partners/, after partners.urls: its pages take the names an organization's slug never
# gets (partners.services.RESERVED_SLUGS).
urlpatterns = [
    path("", organizations.organization_list, name="list"),
    path("<slug:slug>/", organizations.organization_detail, name="detail"),
]
