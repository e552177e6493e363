"""The resource library: the public list and each resource's page, its file (streamed after
the permission check, never from a public path), and the pages where partner staff and leads
add, edit and delete resources."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coalition.http import no_store
from coalition.listing import page_of
from coalition.pagecache import public_page
from coalition.permissions import client_ip, require, roles_of
from resources import selectors, services
from resources.forms import DeleteForm, ResourceForm

# Kinds a browser may show in place; every other file is downloaded.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/webp", "image/gif")
SCOPES = ("partners", "initiatives", "events", "resources")


@require_safe
@public_page(*SCOPES)
def resource_list(request):
    filterset = selectors.resource_list(filters=request.GET, user=request.user)
    page_obj = page_of(request, filterset.qs)
    context = {"filter": filterset, "page_obj": page_obj}
    # Filters that cannot be read list nothing and say why.
    return render(
        request, "resources/resource_list.html", context, status=400 if filterset.errors else 200
    )


@require_safe
@public_page(*SCOPES)
def resource_detail(request, slug):
    resource = selectors.resource_for_reader(slug=slug, user=request.user)
    response = render(request, "resources/resource_detail.html", {"resource": resource})
    return response if resource.is_public else no_store(response)


@require_safe
def resource_file(request, slug):
    """The file, read through the storage API once the person may open the resource: a
    partners-only one is 404 to anonymous visitors, 403 to people without the right."""
    resource = selectors.resource_for_reader(slug=slug, user=request.user)
    if not resource.file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = resource.file_type or "application/octet-stream"
    name = resource.file_name or f"{resource.slug}{PurePath(resource.file.name).suffix}"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type.split(";")[0] not in INLINE_TYPES,
        filename=name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Nothing in a file runs as a page of the portal, even opened in place.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    if not resource.is_public:
        return no_store(response)
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- Partner staff and leads: add, edit, delete -------------------------------------------


def _editable(request, *, slug, **kwargs):
    return selectors.resource_for_editor(slug=slug)


def _form(request, *, instance=None):
    return ResourceForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        organizations=selectors.organizations_for(user=request.user),
        is_lead=roles_of(request.user).lead,
    )


def _form_page(request, form, resource, *, status=None):
    return render(
        request,
        "resources/resource_form.html",
        {"form": form, "resource": resource},
        status=status or (400 if form.errors else 200),
    )


@require_safe
@require("resources.add_resource")
def manage_index(request):
    page_obj = page_of(request, selectors.resources_of_editor(user=request.user))
    return render(request, "resources/manage_index.html", {"page_obj": page_obj})


@require_http_methods(["GET", "HEAD", "POST"])
@require("resources.add_resource")
def resource_new(request):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            resource = services.resource_create(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                ip=client_ip(request),
                **arguments,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resource is added."))
            return redirect(resource.get_absolute_url())
    return _form_page(request, form, None)


@require_http_methods(["GET", "HEAD", "POST"])
@require("resources.change_resource", fn=_editable)
def resource_edit(request, slug):
    resource = request.permission_object
    form = _form(request, instance=resource)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        arguments["fields"]["organization"] = form.cleaned_data["organization"]
        try:
            resource = services.resource_update(
                actor=request.user,
                resource=resource,
                remove_file=form.cleaned_data.get("remove_file", False),
                ip=client_ip(request),
                **arguments,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect(resource.get_absolute_url())
    return _form_page(request, form, resource)


@require_http_methods(["GET", "HEAD", "POST"])
@require("resources.change_resource", fn=_editable)
def resource_delete(request, slug):
    resource = request.permission_object
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.resource_delete(actor=request.user, resource=resource, ip=client_ip(request))
        messages.success(request, _("The resource is deleted."))
        return redirect("resources:manage_index")
    return render(
        request,
        "resources/resource_delete.html",
        {"form": form, "resource": resource},
        status=400 if form.errors else 200,
    )
