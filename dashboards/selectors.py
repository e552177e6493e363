"""What the dashboard pages look up before they compute: the bound filters, a person's own
background exports, an organization with a dashboard."""

from django.http import QueryDict
from django.shortcuts import get_object_or_404

from coalition.models import Job
from dashboards.filters import DashboardFilter
from initiatives.models import Initiative
from partners.models import Organization


def dashboard_filter(*, params: QueryDict) -> DashboardFilter:
    return DashboardFilter(params, queryset=Initiative.objects.all())


def export_job(*, pk: int, user) -> Job:
    """One of the person's own exports, without its file; anyone else's is not theirs to know
    of (404)."""
    return get_object_or_404(
        Job.objects.defer("payload", "output"),
        pk=pk,
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=user,
    )


def export_file(*, job: Job) -> str:
    """The text of an export's file, read only when it is downloaded."""
    return Job.objects.values_list("output", flat=True).get(pk=job.pk)


def dashboard_organization(*, slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug, approved=True)
