"""The leads' dashboard, its CSV exports and board packet, and each organization's dashboard."""

from dataclasses import replace
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from coalition import fragments
from coalition.http import csv_response
from coalition.listing import page_of
from coalition.models import Job
from coalition.pagecache import per_person
from coalition.permissions import client_ip, require
from dashboards import selectors, services
from dashboards.exports import export_filename, export_lines, export_table
from dashboards.filters import DashboardFilter
from dashboards.fragments import PANELS_CONTEXT, dashboard_html
from dashboards.organization import organization_dashboard
from dashboards.packet import board_packet
from dashboards.panels import TABLES
from dashboards.scope import Scope
from dashboards.snapshot import page_panels
from initiatives.selectors import label_status


def _filters(request) -> tuple[DashboardFilter, Scope]:
    filterset = selectors.dashboard_filter(params=request.GET)
    return filterset, Scope.of(filterset)


def _bad_filters(request, filterset):
    """The filter form with its messages, and nothing computed from filters that are wrong."""
    return render(request, "dashboards/index.html", {"filter": filterset}, status=400)


def _decoded_part(decoded, name):
    return decoded[name]


@require_safe
@require("dashboards.view_network", sensitive=True)
@per_person("dashboard", *services.SCOPES)
def index(request):
    if DashboardFilter.base_filters.keys().isdisjoint(request.GET):
        # No filter chosen, as in most views: the whole network. The filter set (its form
        # copies five fields with their querysets) is made only if the form's kept HTML is
        # not current.
        filterset = SimpleLazyObject(partial(selectors.dashboard_filter, params=request.GET))
        scope = Scope()
    else:
        filterset, scope = _filters(request)
        if not filterset.is_valid():
            return _bad_filters(request, filterset)
    snapshot = services.snapshot_for(scope=scope, params=request.GET, with_panels=False)
    scope = replace(scope, now=snapshot.computed_at)
    # The panels are decoded only when their HTML is not kept (dashboards.fragments); the
    # context names them too, lazily, for what reads them (the tests).
    decoded = SimpleLazyObject(lambda: page_panels(snapshot.panels))
    context = {
        "filter": filterset,
        # The filters' choices name initiatives, sites and organizations.
        "filters_stamp": fragments.stamp("initiatives", "partners"),
        # The values given to the filters: no other parameter changes the form.
        "form_vary": fragments.given_values(DashboardFilter.base_filters, request.GET),
        "scope": scope,
        "snapshot": snapshot,
        **{
            name: SimpleLazyObject(partial(_decoded_part, decoded, name)) for name in PANELS_CONTEXT
        },
        **dashboard_html(request, snapshot, scope, decoded),
    }
    return render(request, "dashboards/index.html", context)


@require_POST
@require("dashboards.refresh_snapshot", sensitive=True)
def refresh(request):
    """Figures computed again now for the view in the query string, then the view."""
    filterset, scope = _filters(request)
    if not filterset.is_valid():
        return _bad_filters(request, filterset)
    services.snapshot_refresh(
        user=request.user, scope=scope, params=request.GET, ip=client_ip(request)
    )
    messages.success(request, _("The figures were computed again just now."))
    query = request.GET.urlencode()
    return redirect(reverse("dashboard:index") + (f"?{query}" if query else ""))


@require_safe
@require("dashboards.view_network", sensitive=True)
def export(request, name):
    if name not in TABLES:
        raise Http404
    filterset, scope = _filters(request)
    if not filterset.is_valid():
        return _bad_filters(request, filterset)
    # The rows of the view's snapshot: counted again at its time, from the same data.
    snapshot = services.snapshot_current(scope=scope, params=request.GET)
    scope = replace(scope, now=snapshot.computed_at)
    table = export_table(name, scope)
    if table.total > settings.DASHBOARD_EXPORT_ROWS_AT_ONCE:
        context = {"filter": filterset, "table": table, "name": name, "snapshot": snapshot}
        return render(request, "dashboards/export_large.html", context)
    # The lines are already written for spreadsheets (dashboards.tables.csv_cell).
    response = csv_response(
        "".join(export_lines(table, as_of=snapshot.computed_at)),
        filename=export_filename(name, scope),
    )
    services.export_logged(
        actor=request.user,
        target=request.user,  # the rows are many things; the log keeps who took them
        name=name,
        rows=table.total,
        filters=request.GET.urlencode(),
        ip=client_ip(request),
    )
    return response


@require_POST
@require("dashboards.view_network", sensitive=True)
def export_start(request, name):
    if name not in TABLES:
        raise Http404
    filterset, _scope = _filters(request)
    if not filterset.is_valid():
        return _bad_filters(request, filterset)
    job = services.export_start(user=request.user, name=name, params=request.GET)
    return redirect(job)


def _export_job(request, pk) -> Job:
    return selectors.export_job(pk=pk, user=request.user)


@require_safe
@require("dashboards.view_network", sensitive=True)
def export_job(request, pk):
    return render(request, "dashboards/export_job.html", {"job": _export_job(request, pk)})


@require_safe
@require("dashboards.view_network", sensitive=True)
def export_download(request, pk):
    job = _export_job(request, pk)
    if job.status != Job.Status.SUCCEEDED:
        return redirect(job)
    output = selectors.export_file(job=job)
    if not output:
        messages.info(request, _("This file was deleted after a few days: prepare it again."))
        return redirect("dashboard:index")
    filename = f"{job.filename.removesuffix('.csv')}-{job.created_at:%Y-%m-%d}.csv"
    return csv_response(output, filename=filename)


def _packet_context(request):
    filterset, scope = _filters(request)
    if not filterset.is_valid():
        return filterset, None
    snapshot = services.snapshot_for(scope=scope, params=request.GET)
    return filterset, {
        "filter": filterset,
        "scope": replace(scope, now=snapshot.computed_at),
        "snapshot": snapshot,
        **board_packet(snapshot),
        "pdf_available": dashboard_pdf_available(),
    }


@require_safe
@require("dashboards.view_network", sensitive=True)
def packet(request):
    filterset, context = _packet_context(request)
    if context is None:
        return _bad_filters(request, filterset)
    return render(request, "dashboards/packet.html", context)


def dashboard_pdf_available() -> bool:
    """WeasyPrint needs Pango from the system; without it the packet is printed from the
    browser."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _no_fetching(url, *args, **kwargs):
    # The packet is made of our own markup and one local stylesheet: nothing to fetch, and
    # nothing a crafted link could make the server fetch.
    raise ValueError(f"not fetched: {url}")


@require_safe
@require("dashboards.view_network", sensitive=True)
def packet_pdf(request):
    if not dashboard_pdf_available():
        raise Http404(_("PDF files cannot be made on this server; print the packet instead."))
    import weasyprint

    filterset, context = _packet_context(request)
    if context is None:
        return _bad_filters(request, filterset)
    html = render_to_string("dashboards/packet.html", {**context, "for_pdf": True}, request=request)
    stylesheets = [
        weasyprint.CSS(filename=finders.find(name))
        for name in ("css/site.css", "dashboards/dashboard.css")
    ]
    # Tagged PDF/UA: its structure (headings, tables, lists) for screen readers, its language
    # from <html lang> (the request's), its title from <title>.
    pdf = weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_no_fetching
    ).write_pdf(stylesheets=stylesheets, presentational_hints=True, pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="board-packet-{context["scope"].today.isoformat()}.pdf"'
    )
    return response


def _organization(request, slug):
    return selectors.dashboard_organization(slug=slug)


@require_safe
@require("partners.view_dashboard", fn=_organization, sensitive=True)
def organization(request, slug):
    organization = request.permission_object
    context = organization_dashboard(organization)
    page_obj = page_of(request, context.pop("objectives"))
    label_status(page_obj.object_list)
    context.update(organization=organization, page_obj=page_obj)
    return render(request, "dashboards/organization.html", context)
