"""Feedback after a session: the survey behind a registration's private link (no account),
and its results on the organizer's back office."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_safe

from coalition.http import no_store
from coalition.permissions import require
from events import selectors, services
from events.forms import FeedbackForm
from events.views.organize import _organized_event

# A survey not open yet answers 409 (come back later); one never open to this registration 403.
CLOSED_STATUS = {"not_ended": 409}


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, token):
    registration = selectors.registration_by_token(token=token)
    context = {"registration": registration, "event": registration.event}
    answer = selectors.feedback_of(registration=registration)
    if answer is not None:
        # One answer per registration: the first stands, and a second is told so.
        already = request.method == "POST"
        context.update(answer=answer, already=already)
        status = 409 if already else 200
        return no_store(render(request, "events/feedback/thanks.html", context, status=status))
    closed = services.feedback_closed_reason(registration)
    if closed:
        context["closed"] = services.CLOSED_MESSAGES[closed]()
        status = CLOSED_STATUS.get(closed, 403)
        return no_store(render(request, "events/feedback/closed.html", context, status=status))
    form = FeedbackForm(request.POST or None, needs=services.needs_asked(registration))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                answer = services.feedback_create(
                    registration=registration,
                    usefulness=form.cleaned_data["usefulness"],
                    met=form.met(),
                    next_steps=form.cleaned_data["next_steps"],
                    language=translation.get_language(),
                )
            except services.AlreadyAnswered as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                context["answer"] = answer
                return no_store(render(request, "events/feedback/thanks.html", context))
    context["form"] = form
    return no_store(render(request, "events/feedback/survey.html", context, status=status))


@require_safe
@require("events.organize_event", fn=_organized_event, sensitive=True)
def results(request, slug):
    event = request.permission_object
    context = {"event": event, "results": selectors.feedback_results(event=event)}
    return render(request, "events/feedback/results.html", context)
