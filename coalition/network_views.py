"""Pages for the coalition leads who run the network: its leads and its audit log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition import selectors, services
from coalition.forms import LeadGrantForm
from coalition.listing import page_of
from coalition.models import User
from coalition.permissions import client_ip, require


def _site_url(request) -> str:
    """Scheme and host of this site, for the links in emails."""
    return request.build_absolute_uri("/").rstrip("/")


@require_http_methods(["GET", "POST"])
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
                    site_url=_site_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is now a coalition lead.") % {"name": user})
                return redirect("network:leads")
        status = 400
    context = {"form": form, "leads": selectors.coalition_leads()}
    return render(request, "coalition/leads.html", context, status=status)


@require_POST
@require("coalition.grant_lead", sensitive=True)
def lead_revoke(request, pk):
    user = get_object_or_404(User, pk=pk, is_coalition_lead=True)
    try:
        services.lead_revoke(
            actor=request.user, user=user, ip=client_ip(request), site_url=_site_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a coalition lead.") % {"name": user})
    return redirect("network:leads")


@require_GET  # append-only: nothing on this page changes an entry
@require("coalition.view_audit_log", sensitive=True)
def audit_log(request):
    filterset = selectors.audit_log_list(params=request.GET)
    page_obj = page_of(request, filterset.qs)
    return render(request, "coalition/audit_log.html", {"filter": filterset, "page_obj": page_obj})
