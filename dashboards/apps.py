from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from coalition import jobs, versions
        from coalition.models import Job
        from dashboards import permissions  # noqa: F401  (registers the app's rules)
        from dashboards.models import DashboardSnapshot
        from dashboards.tasks import export_dashboard_table

        # Large CSV exports are prepared in the background, with a page to wait on.
        jobs.register(
            Job.Kind.EXPORT_DASHBOARD, task=export_dashboard_table, page="dashboard:export_job"
        )
        # A snapshot computed (by the beat, or a lead's refresh) makes the pages kept for each
        # lead stale (coalition.pagecache.per_person); a view's time is written with update().
        versions.watch(DashboardSnapshot, ("dashboard",))
