"""Programs: the public list and pages (cached), applying (the start form, the private page of
an application with its draft, submission, withdrawal and certificate), and the reviewers'
pages (a program's applications, one application with its scores and decision)."""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coalition import ratelimits
from coalition.http import no_store
from coalition.listing import page_of
from coalition.pagecache import public_page
from coalition.permissions import client_ip, require
from programs import selectors, services
from programs.filters import ReviewFilter
from programs.forms import AnswersForm, DecisionForm, ReviewForm, StartForm


@require_safe
@public_page("partners", "initiatives", "events", "programs")
def program_list(request):
    page_obj = page_of(request, selectors.public_programs())
    return render(request, "programs/program_list.html", {"page_obj": page_obj})


@require_safe
@public_page("partners", "initiatives", "events", "programs")
def program_detail(request, slug):
    page = selectors.program_page(slug=slug)
    can_review = request.user.is_authenticated and request.user.has_perm(
        "programs.review_program", page.program
    )
    context = {"page": page, "program": page.program, "can_review": can_review}
    return render(request, "programs/program_detail.html", context)


# --- Applying --------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, slug):
    """Start an application to the program's open call: a signed-in person with a verified
    address goes straight to the draft; anyone else is emailed a link to confirm the address."""
    program = selectors.program_by_slug(slug=slug)
    call = selectors.call_of_program(program=program)
    if call is None:
        raise Http404
    form = StartForm(request.POST or None, user=request.user)
    closed = services.call_closed_reason(call)
    status = 200
    if request.method == "POST":
        limited = ratelimits.consume_or_429(
            request,
            action="program_apply",
            key=request.POST.get("email", "").strip().lower(),
            about=program,
        )
        if limited:
            return limited
        if closed:
            status = 409
        elif form.is_valid():
            try:
                application, confirmed = services.application_start(
                    call=call, user=request.user, ip=client_ip(request), **form.cleaned_data
                )
            except services.CallClosed as error:
                closed, status = error.messages[0], 409
            except services.AlreadyApplied as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                if confirmed:
                    return redirect(application.get_absolute_url())
                return no_store(
                    render(request, "programs/apply_sent.html", {"program": program, "call": call})
                )
        else:
            status = 400
    elif closed:
        status = 409
    context = {"program": program, "call": call, "form": form, "closed": closed}
    return no_store(render(request, "programs/apply.html", context, status=status))


def _application_or_404(token):
    application = selectors.application_by_token(token=token)
    if application is None:
        raise Http404
    return application


@require_http_methods(["GET", "HEAD", "POST"])
def application(request, token):
    """The applicant's private page: confirm the address (a button: a link scanner confirms
    nothing), write the draft and save it or submit it, see the decision, withdraw."""
    application = _application_or_404(token)
    call = application.call
    questions = selectors.questions_of(call)
    form, status, closed = None, 200, services.call_closed_reason(call)
    if request.method == "POST" and "confirm" in request.POST:
        application = services.application_confirm(application=application, ip=client_ip(request))
        messages.success(request, _("Your email address is confirmed. Write your application."))
        return redirect(application.get_absolute_url())
    if application.is_editable:
        form = AnswersForm(request.POST or None, questions=questions, application=application)
        if request.method == "POST":
            submit = "submit" in request.POST
            if form.is_valid():
                try:
                    services.application_save(
                        application=application,
                        answers=form.answers(),
                        submit=submit,
                        actor=request.user,
                        ip=client_ip(request),
                    )
                except services.CallClosed as error:
                    closed, status = error.messages[0], 409
                except ValidationError as error:
                    _add_errors(form, error)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("Your application is submitted. We have emailed you a receipt.")
                        if submit
                        else _("Your draft is saved. Come back to it with the same link."),
                    )
                    return redirect(application.get_absolute_url())
            else:
                status = 400
    elif request.method == "POST":
        status = 409
    context = {
        "application": application,
        "call": call,
        "program": call.program,
        "questions": questions,
        "form": form,
        "closed": closed,
        "answers": _answers_shown(application, questions),
        "certificate_refusal": services.certificate_refusal(application)
        if application.status == application.Status.ACCEPTED
        else "",
        "attended": selectors.sessions_attended(application)
        if application.status == application.Status.ACCEPTED
        else 0,
        "cohort": selectors.cohort_of(application),
    }
    return no_store(render(request, "programs/application.html", context, status=status))


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _answers_shown(application, questions):
    saved = application.answers or {}
    return [(question, saved.get(str(question.pk), "")) for question in questions]


@require_POST
def withdraw(request, token):
    application = _application_or_404(token)
    try:
        services.application_withdraw(
            application=application, actor=request.user, ip=client_ip(request)
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return no_store(
            render(
                request,
                "programs/refused.html",
                {"application": application, "reason": error.messages[0]},
                status=409,
            )
        )
    messages.success(request, _("Your application is withdrawn. We have emailed you a note."))
    return redirect(application.get_absolute_url())


@require_safe
def certificate(request, token):
    """The participation certificate (PDF) of an accepted person who attended enough
    sessions; before that, a page says why (403)."""
    from programs.certificate import certificate_pdf, pdf_available

    application = _application_or_404(token)
    refusal = services.certificate_refusal(application)
    if refusal:
        return no_store(
            render(
                request,
                "programs/refused.html",
                {"application": application, "reason": refusal},
                status=403,
            )
        )
    if not pdf_available():
        raise Http404(_("PDF files cannot be made on this server."))
    with translation.override(application.language):
        pdf = certificate_pdf(
            application=application,
            attended=selectors.sessions_attended(application),
            stylesheet=finders.find("css/site.css"),
            today=timezone.localdate(),
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{application.call.program.slug}.pdf"'
    )
    return no_store(response)


# --- Reviewers -------------------------------------------------------------------------------


def _reviewed_program(request, *, slug, **kwargs):
    return selectors.program_by_slug(slug=slug)


@require_safe
@require("programs.review_program", fn=_reviewed_program, sensitive=True)
def review_list(request, slug):
    program = request.permission_object
    filters = ReviewFilter(request.GET, queryset=selectors.applications_to_review(program=program))
    if not filters.is_valid():
        context = {"program": program, "filters": filters.form, "page_obj": None}
        return render(request, "programs/review_list.html", context, status=400)
    context = {
        "program": program,
        "filters": filters.form,
        "page_obj": page_of(request, filters.qs),
    }
    return render(request, "programs/review_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@require("programs.review_program", fn=_reviewed_program, sensitive=True)
def review(request, slug, pk):
    program = request.permission_object
    application = selectors.application_to_review(program=program, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    review_form = ReviewForm(request.POST if action == "score" else None)
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    status = 200
    if action == "score":
        if review_form.is_valid():
            try:
                services.review_create(
                    application=application,
                    reviewer=request.user,
                    ip=client_ip(request),
                    **review_form.cleaned_data,
                )
            except ValidationError as error:
                _add_errors(review_form, error)
            else:
                messages.success(request, _("Your score is saved."))
                return redirect("programs:review", slug=slug, pk=pk)
        status = 400
    elif action == "decide":
        if decision_form.is_valid():
            try:
                services.application_decide(
                    application=application,
                    actor=request.user,
                    ip=client_ip(request),
                    **decision_form.cleaned_data,
                )
            except ValidationError as error:
                _add_errors(decision_form, error)
            else:
                messages.success(request, _("The decision is saved and the applicant emailed."))
                return redirect("programs:review", slug=slug, pk=pk)
        status = 400
    elif action is not None:
        status = 400
    questions = selectors.questions_of(application.call)
    context = {
        "program": program,
        "application": application,
        "answers": _answers_shown(application, questions),
        "review_form": review_form,
        "decision_form": decision_form,
        "decidable": application.status
        in (application.Status.SUBMITTED, application.Status.WAITLISTED),
    }
    return render(request, "programs/review.html", context, status=status)
