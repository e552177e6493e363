from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from coalition import jobs
        from coalition.models import Job
        from dashboards import permissions  # noqa: F401  (registers the app's rules)
        from dashboards.tasks import export_dashboard_table

        # Large CSV exports are prepared in the background, with a page to wait on.
        jobs.register(
            Job.Kind.EXPORT_DASHBOARD, task=export_dashboard_table, page="dashboard:export_job"
        )
