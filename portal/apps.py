from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from coalition import jobs
        from coalition.models import Job
        from initiatives.tasks import import_measurements
        from partners.tasks import import_organizations

        # The CSV imports are started and followed on the network pages (/network/imports/).
        jobs.register(Job.Kind.IMPORT_MEASUREMENTS, task=import_measurements, page="network:import")
        jobs.register(
            Job.Kind.IMPORT_ORGANIZATIONS, task=import_organizations, page="network:import"
        )
