from django.urls import path

from coalition import network_views

app_name = "network"

urlpatterns = [
    path("leads/", network_views.leads, name="leads"),
    path("leads/<int:pk>/revoke/", network_views.lead_revoke, name="lead_revoke"),
    path("audit/", network_views.audit_log, name="audit"),
]
