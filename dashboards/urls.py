from django.urls import path

from dashboards import views as dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("refresh/", dashboard_views.refresh, name="refresh"),
    path("export/<slug:name>.csv", dashboard_views.export, name="export"),
    path("export/<slug:name>/start/", dashboard_views.export_start, name="export_start"),
    path("exports/<int:pk>/", dashboard_views.export_job, name="export_job"),
    path("exports/<int:pk>/download/", dashboard_views.export_download, name="export_download"),
    path("packet/", dashboard_views.packet, name="packet"),
    path("packet.pdf", dashboard_views.packet_pdf, name="packet_pdf"),
    path("organizations/<slug:slug>/", dashboard_views.organization, name="organization"),
]
