from django.urls import path

from portal.views import network as network_views

app_name = "network"

urlpatterns = [
    path("leads/", network_views.leads, name="leads"),
    path("leads/<int:pk>/revoke/", network_views.lead_revoke, name="lead_revoke"),
    path("audit/", network_views.audit_log, name="audit"),
    path("measurements/", network_views.measurements, name="measurements"),
    path("imports/", network_views.imports, name="imports"),
    path("imports/<int:pk>/", network_views.import_detail, name="import"),
    path("emails/", network_views.emails, name="emails"),
    path("emails/<int:pk>/resend/", network_views.email_resend, name="email_resend"),
]
