"""Documents open for comment: the public list and page with its comment form, the confirmation
link; the hosts' and leads' pages to write a document and open it; the leads' moderation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coalition import ratelimits
from coalition.http import no_store
from coalition.listing import page_of
from coalition.pagecache import public_page
from coalition.permissions import client_ip, require
from consultations import selectors, services
from consultations.forms import CommentForm, DocumentForm, ModerationForm, SectionForm
from partners.selectors import host_organizations


@require_safe
@public_page("partners", "initiatives", "consultations")
def document_list(request):
    page_obj = page_of(request, selectors.document_list())
    return render(request, "consultations/document_list.html", {"page_obj": page_obj})


@require_http_methods(["GET", "HEAD", "POST"])
@public_page("partners", "initiatives", "consultations")
def document_detail(request, slug):
    document = selectors.document_for_reader(slug=slug, user=request.user)
    sections, whole = selectors.document_sections(document=document)
    initial = {"language": translation.get_language()}
    if request.user.is_authenticated:
        initial.update(name=request.user.name, email=request.user.email)
    form = CommentForm(
        request.POST or None,
        document=document,
        sections=[view.section for view in sections],
        initial=initial,
    )
    status, period_error = 200, None
    if request.method == "POST":
        try:
            services.comment_period_check(document)
        except services.CommentPeriodClosed as error:
            # The form is gone from the page; the page says why, and nothing is stored.
            period_error, status = error.messages[0], 409
        else:
            limited = ratelimits.consume_or_429(
                request,
                action="consult_comment",
                key=request.POST.get("email", "").strip().lower(),
                about=document,
            )
            if limited:
                return limited
            if form.is_bot():
                # Told nothing different, so it learns nothing; nothing is stored.
                return _comment_sent(request, document, email="")
            if form.is_valid():
                try:
                    comment = services.comment_create(
                        document=document, user=request.user, **form.comment_arguments()
                    )
                except services.CommentPeriodClosed as error:  # closed meanwhile
                    period_error, status = error.messages[0], 409
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    return _comment_sent(request, document, email=comment.email)
            if period_error is None:
                status = 400
    context = {
        "document": document,
        "sections": sections,
        "whole": whole,
        "form": form,
        "period_error": period_error,
    }
    return render(request, "consultations/document_detail.html", context, status=status)


def _comment_sent(request, document, *, email):
    return no_store(
        render(request, "consultations/comment_sent.html", {"document": document, "email": email})
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The link in the email: a page with a button (a link checker that opens it confirms
    nothing), then the comment waits for a lead's approval."""
    try:
        comment = services.comment_from_token(token=token)
    except services.ConfirmLinkExpired:
        return no_store(render(request, "consultations/confirm_expired.html", status=410))
    if request.method == "POST":
        comment = services.comment_confirm(token=token)
        return no_store(render(request, "consultations/confirm_done.html", {"comment": comment}))
    return no_store(render(request, "consultations/confirm.html", {"comment": comment}))


# --- Hosts and leads: documents and their sections -------------------------------------------


def _editable_document(request, *, slug, **kwargs):
    return selectors.document_for_editor(slug=slug)


@require_safe
@require("consultations.create_document")
def manage_index(request):
    page_obj = page_of(request, selectors.documents_of_editor(user=request.user))
    return render(request, "consultations/manage_index.html", {"page_obj": page_obj})


@require_http_methods(["GET", "HEAD", "POST"])
@require("consultations.create_document")
def document_new(request):
    form = DocumentForm(request.POST or None, hosts_allowed=host_organizations(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                actor=request.user, ip=client_ip(request), **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is saved. Add its sections."))
            return redirect("consultations:edit", slug=document.slug)
    return render(
        request,
        "consultations/document_form.html",
        {"form": form, "document": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require("consultations.edit_document", fn=_editable_document)
def document_edit(request, slug):
    document = request.permission_object
    form = DocumentForm(
        request.POST or None,
        instance=document,
        hosts_allowed=host_organizations(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                actor=request.user,
                document=document,
                ip=client_ip(request),
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is saved."))
            return redirect("consultations:edit", slug=document.slug)
    context = {"form": form, "document": document, "sections": document.sections.all()}
    return render(
        request, "consultations/document_form.html", context, status=400 if form.errors else 200
    )


def _section_page(request, document, section=None):
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_save(
                actor=request.user,
                document=document,
                section=section,
                ip=client_ip(request),
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The section is saved."))
            return redirect("consultations:edit", slug=document.slug)
    return render(
        request,
        "consultations/section_form.html",
        {"form": form, "document": document, "section": section},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require("consultations.edit_document", fn=_editable_document)
def section_new(request, slug):
    return _section_page(request, request.permission_object)


@require_http_methods(["GET", "HEAD", "POST"])
@require("consultations.edit_document", fn=_editable_document)
def section_edit(request, slug, pk):
    document = request.permission_object
    section = get_object_or_404(document.sections, pk=pk)
    return _section_page(request, document, section)


# --- Leads: moderation -----------------------------------------------------------------------

# The latest approved comments, each with its "Hide" form.
APPROVED_SHOWN = 20


@require_safe
@require("consultations.moderate_comments", sensitive=True)
def moderation(request):
    context = {
        "page_obj": page_of(request, selectors.comments_to_moderate()),
        "approved": selectors.approved_comments()[:APPROVED_SHOWN],
    }
    return render(request, "consultations/moderation.html", context)


@require_POST
@require("consultations.moderate_comments", sensitive=True)
def moderate(request, pk):
    comment = selectors.comment_to_moderate(pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "approve":
                services.comment_approve(actor=request.user, comment=comment, ip=client_ip(request))
                messages.success(request, _("The comment is approved: the public can read it."))
            else:
                services.comment_hide(
                    actor=request.user,
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    ip=client_ip(request),
                )
                messages.success(request, _("The comment is hidden."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("consultations:moderation")
    context = {"comment": comment, "form": form}
    return render(request, "consultations/moderate_refused.html", context, status=400)
