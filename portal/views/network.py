"""Pages for the coalition leads who run the network: its leads, its audit log, figures,
CSV imports and the emails that could not be sent."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coalition import selectors, services
from coalition.http import site_url
from coalition.listing import filtered_list, page_of
from coalition.permissions import client_ip, require
from initiatives import selectors as initiatives_selectors
from initiatives import services as initiatives_services
from initiatives.forms import MeasurementForm
from initiatives.imports import COLUMNS as measurement_columns
from partners.imports import COLUMNS as organization_columns
from portal.forms import ImportForm, LeadGrantForm


@require_http_methods(["GET", "HEAD", "POST"])
@require("coalition.grant_lead", sensitive=True)
def leads(request):
    form = LeadGrantForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.lead_grant(
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    ip=client_ip(request),
                    site_url=site_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is now a coalition lead.") % {"name": user})
                return redirect("network:leads")
        status = 400
    context = {"form": form, "leads": selectors.coalition_leads()}
    return render(request, "portal/leads.html", context, status=status)


@require_POST
@require("coalition.grant_lead", sensitive=True)
def lead_revoke(request, pk):
    user = get_object_or_404(selectors.coalition_leads(), pk=pk)
    try:
        services.lead_revoke(
            actor=request.user, user=user, ip=client_ip(request), site_url=site_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a coalition lead.") % {"name": user})
    return redirect("network:leads")


@require_safe  # append-only: nothing on this page changes an entry
@require("coalition.view_audit_log", sensitive=True)
def audit_log(request):
    filterset = selectors.audit_log_list(params=request.GET)
    page_obj = page_of(request, filterset.qs)
    return render(
        request,
        "portal/audit_log.html",
        {"filter": filterset, "page_obj": page_obj},
        status=400 if filterset.errors else 200,
    )


# CSV imports and measurements


@require_http_methods(["GET", "HEAD", "POST"])
@require("initiatives.record_measurement", sensitive=True)
def imports(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.job_create(
            kind=form.cleaned_data["kind"],
            user=request.user,
            filename=form.cleaned_data["file"].name,
            text=form.cleaned_data["text"],
        )
        return redirect(job)
    context = {
        "form": form,
        "page_obj": page_of(request, selectors.recent_jobs()),
        "columns": {
            "measurements": measurement_columns,
            "organizations": organization_columns,
        },
    }
    return render(request, "portal/imports.html", context, status=400 if form.errors else 200)


@require_safe
@require("initiatives.record_measurement", sensitive=True)
def import_detail(request, pk):
    job = get_object_or_404(selectors.recent_jobs(), pk=pk)
    return render(request, "portal/import_detail.html", {"job": job})


@require_http_methods(["GET", "HEAD", "POST"])
@require("initiatives.record_measurement", sensitive=True)
def measurements(request):
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiatives_services.measurement_record(
                actor=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The figure is recorded."))
            return redirect("network:measurements")
    filterset = initiatives_selectors.measurement_list(params=request.GET)
    context = {**filtered_list(request, filterset), "form": form}
    return render(request, "portal/measurements.html", context, status=400 if form.errors else 200)


# Emails that could not be sent


@require_safe
@require("coalition.resend_email", sensitive=True)
def emails(request):
    page_obj = page_of(request, selectors.emails_to_resend())
    return render(request, "portal/emails.html", {"page_obj": page_obj})


@require_POST
@require("coalition.resend_email", sensitive=True)
def email_resend(request, pk):
    email = get_object_or_404(selectors.emails_to_resend(), pk=pk)
    try:
        services.outbox_resend(actor=request.user, email=email, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The email “%(subject)s” is queued to be sent again.") % {"subject": email.subject},
        )
    return redirect("network:emails")
