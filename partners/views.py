from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coalition.http import site_url
from coalition.listing import page_of
from coalition.permissions import client_ip, personal_page, require
from partners import selectors, services
from partners.forms import DecisionForm, InvitationForm, OrganizationApplicationForm, RoleForm
from partners.models import Membership

# What a refused invitation link answers: gone for good, or not for this account.
INVITATION_PROBLEM_STATUS = {"used": 410, "revoked": 410, "expired": 410}


def _origin(request) -> dict:
    """Who acts and from which address, for the audit log."""
    return {"actor": request.user, "ip": client_ip(request)}


def _managed_organization(request, *, slug, **kwargs):
    return selectors.organization_for_management(slug=slug, user=request.user)


def _public_organization(request, *, slug, **kwargs):
    return get_object_or_404(selectors.public_organizations(), slug=slug)


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Joining


@require_POST
@require("partners.request_membership", fn=_public_organization)
def membership_request(request, slug):
    organization = request.permission_object
    try:
        services.membership_request(
            organization=organization, **_origin(request), site_url=site_url(request)
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Your request was sent. You will get an email when it is decided.")
        )
    return redirect(organization)


@require_http_methods(["GET", "HEAD", "POST"])
@require("partners.apply_organization")
def organization_apply(request):
    form = OrganizationApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_apply(
                **form.cleaned_data, **_origin(request), site_url=site_url(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The coalition leads will review the application; you will get "
                    "an email when they decide."
                ),
            )
            return redirect("directory:list")
    return render(
        request,
        "partners/organization_apply.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@personal_page
def invitation(request, token):
    """An invitation link: what it offers and, for the right person, the button to accept."""
    invitation = services.invitation_from_token(token=token)
    problem = None
    try:
        services.invitation_check(invitation=invitation, user=request.user)
        if request.method == "POST":
            membership = services.invitation_accept(token=token, **_origin(request))
            messages.success(
                request,
                _("Welcome to the staff of %(organization)s.")
                % {"organization": membership.organization.name},
            )
            return redirect(membership.organization)
    except ValidationError as error:
        problem = error
    status = INVITATION_PROBLEM_STATUS.get(problem.code, 403) if problem else 200
    return render(
        request,
        "partners/invitation.html",
        {"invitation": invitation, "problem": problem},
        status=status,
    )


# The staff page and its actions (organization admins and leads)


def _render_staff_page(request, organization, *, invite_form=None, role_form=None, status=200):
    """The staff page; `role_form`, a refused change of someone's role, shows in their row."""
    data = selectors.organization_staff(organization=organization)
    page_obj = page_of(request, data.pop("staff"))
    invite_form = invite_form or InvitationForm(initial={"language": translation.get_language()})
    return render(
        request,
        "partners/staff.html",
        {
            **data,
            "organization": organization,
            "page_obj": page_obj,
            "invite_form": invite_form,
            "role_form": role_form,
            "roles": Membership.Role.choices,
        },
        status=status,
    )


def _back_to_staff_page(request, organization, membership, *, still_admin: bool):
    # Someone who has just given up their own admin role cannot manage the organization any
    # more (unless they are a lead): back to its public page.
    if (
        membership.user_id == request.user.pk
        and not still_admin
        and not request.user.has_perm("partners.approve_organization")
    ):
        return redirect(organization)
    return redirect("partners:staff", slug=organization.slug)


@require_safe
@require("partners.manage_organization", fn=_managed_organization, sensitive=True)
def staff(request, slug):
    return _render_staff_page(request, request.permission_object)


@require_POST
@require("partners.manage_organization", fn=_managed_organization, sensitive=True)
def invitation_send(request, slug):
    organization = request.permission_object
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_send(
                organization=organization,
                **form.cleaned_data,
                **_origin(request),
                site_url=site_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("partners:staff", slug=organization.slug)
    return _render_staff_page(request, organization, invite_form=form, status=400)


@require_POST
@require("partners.manage_organization", fn=_managed_organization, sensitive=True)
def invitation_revoke(request, slug, pk):
    organization = request.permission_object
    invitation = selectors.invitation_of(organization=organization, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, **_origin(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("partners:staff", slug=organization.slug)


@require_POST
@require("partners.manage_organization", fn=_managed_organization, sensitive=True)
def membership_decide(request, slug, pk):
    organization = request.permission_object
    membership = selectors.membership_of(
        organization=organization, pk=pk, status=Membership.Status.REQUESTED
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _refused(request, ValidationError(_("Choose to approve or to decline.")))
        return redirect("partners:staff", slug=organization.slug)
    approve = form.cleaned_data["decision"] == "approve"
    decide = services.membership_approve if approve else services.membership_decline
    try:
        decide(membership=membership, **_origin(request), site_url=site_url(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        done = _("%(name)s joined the staff.")
        if not approve:
            done = _("The request of %(name)s was declined.")
        messages.success(request, done % {"name": membership.user})
    return redirect("partners:staff", slug=organization.slug)


@require_POST
@require("partners.manage_organization", fn=_managed_organization, sensitive=True)
def membership_role(request, slug, pk):
    organization = request.permission_object
    membership = selectors.membership_of(
        organization=organization, pk=pk, status=Membership.Status.ACTIVE
    )
    form = RoleForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            membership = services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], **_origin(request)
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            changed = _("The role of %(name)s was changed.")
            messages.success(request, changed % {"name": membership.user})
            return _back_to_staff_page(
                request,
                organization,
                membership,
                still_admin=membership.role == Membership.Role.ADMIN,
            )
    return _render_staff_page(request, organization, role_form=form, status=400)


@require_POST
@require("partners.manage_organization", fn=_managed_organization, sensitive=True)
def membership_remove(request, slug, pk):
    organization = request.permission_object
    membership = selectors.membership_of(
        organization=organization, pk=pk, status=Membership.Status.ACTIVE
    )
    try:
        services.membership_remove(membership=membership, **_origin(request))
    except ValidationError as error:
        _refused(request, error)
        return redirect("partners:staff", slug=organization.slug)
    messages.success(request, _("%(name)s is no longer on the staff.") % {"name": membership.user})
    return _back_to_staff_page(request, organization, membership, still_admin=False)


# Applications to join the network (leads)


@require_safe
@require("partners.approve_organization", sensitive=True)
def applications(request):
    page_obj = page_of(request, selectors.pending_applications())
    return render(request, "partners/applications.html", {"page_obj": page_obj})


@require_POST
@require("partners.approve_organization", sensitive=True)
def application_decide(request, pk):
    organization = selectors.pending_application(pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        _refused(request, ValidationError(_("Choose to approve or to decline.")))
        return redirect("partners:applications")
    approve = form.cleaned_data["decision"] == "approve"
    decide = services.organization_approve if approve else services.organization_decline
    try:
        decide(organization=organization, **_origin(request), site_url=site_url(request))
    except ValidationError as error:
        _refused(request, error)
    else:
        done = (
            _("%(name)s is now in the network.")
            if approve
            else _("The application of %(name)s was declined.")
        )
        messages.success(request, done % {"name": organization.name})
    return redirect("partners:applications")
