"""The organizers' back office: their events, creating and changing one, publishing and
cancelling, the roster and its CSV, check-in, messages to registrants, what we heard; and the
leads' review of where-next suggestions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from coalition.forms import LANGUAGE_CODES
from coalition.http import UnreadableRequest, csv_response
from coalition.listing import filtered_list, page_of
from coalition.permissions import client_ip, require
from events import selectors, services
from events.forms import (
    CancelForm,
    CheckInForm,
    CheckInSearchForm,
    EventForm,
    MessageForm,
    ReportForm,
    SuggestionReviewForm,
    ThemeFormSet,
    report_initial,
)
from events.models import Event


def _organized_event(request, *, slug, **kwargs):
    """The event an organizer page is about; a draft is 404 to anyone who may not organize it."""
    event = selectors.event_for_organizer(slug=slug)
    if event.status == Event.Status.DRAFT and not request.user.has_perm(
        "events.organize_event", event
    ):
        raise Http404
    return event


@require_safe
@require("events.create_event")
def organize_index(request):
    page_obj = page_of(request, selectors.organizer_events(user=request.user))
    return render(request, "events/organize/index.html", {"page_obj": page_obj})


@require_http_methods(["GET", "HEAD", "POST"])
@require("events.create_event")
def event_new(request):
    form = EventForm(
        request.POST or None, hosts_allowed=selectors.host_organizations(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user, ip=client_ip(request), **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is saved as a draft. Publish it when ready."))
            return redirect("events:organize", slug=event.slug)
    return render(
        request,
        "events/organize/event_form.html",
        {"form": form, "event": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require("events.organize_event", fn=_organized_event, sensitive=True)
def event_organize(request, slug):
    event = request.permission_object
    form = EventForm(
        request.POST or None,
        instance=event,
        hosts_allowed=selectors.host_organizations(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user, event=event, ip=client_ip(request), **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:organize", slug=event.slug)
    return _event_page(request, event, form=form, cancel_form=CancelForm())


def _event_page(request, event, *, form, cancel_form):
    """An event's organizer page: its details form and the form to cancel it, either of them
    refused (400) or neither."""
    return render(
        request,
        "events/organize/event_form.html",
        {"form": form, "event": event, "cancel_form": cancel_form},
        status=400 if form.errors or cancel_form.errors else 200,
    )


@require_POST
@require("events.organize_event", fn=_organized_event)
def event_publish(request, slug):
    try:
        services.event_publish(
            actor=request.user, event=request.permission_object, ip=client_ip(request)
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The event is published: anyone can find it and register."))
    return redirect("events:organize", slug=slug)


@require_POST
@require("events.organize_event", fn=_organized_event, sensitive=True)
def event_cancel(request, slug):
    event = request.permission_object
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            told = services.event_cancel(
                actor=request.user,
                event=event,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            # Already cancelled (twice sent, say): the page says what state it is in.
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                ngettext(
                    "The event is cancelled; %(count)s person registered is being told.",
                    "The event is cancelled; %(count)s people registered are being told.",
                    told,
                )
                % {"count": told},
            )
        return redirect("events:organize", slug=slug)
    # A reason that cannot be taken: the organizer page again, the reason kept, the problem
    # beside it.
    details = EventForm(
        instance=event, hosts_allowed=selectors.host_organizations(user=request.user)
    )
    return _event_page(request, event, form=details, cancel_form=form)


@require_safe
@require("events.organize_event", fn=_organized_event, sensitive=True)
def roster(request, slug):
    event = request.permission_object
    context = {"event": event, **selectors.registration_roster(event=event)}
    return render(request, "events/organize/roster.html", context)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@require_safe
@require("events.organize_event", fn=_organized_event, sensitive=True)
def roster_csv(request, slug):
    event = request.permission_object
    rows = selectors.registration_roster(event=event)
    people = [*rows["confirmed"], *rows["waiting"]]
    header = [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Status"),
        _("Waiting list position"),
        _("Language"),
        _("Interpretation"),
        _("Children in childcare"),
        _("Transportation help"),
        _("Accessibility accommodations"),
        _("Registered"),
        _("Checked in"),
    ]
    response = csv_response(
        [
            header,
            *(
                [
                    person.name,
                    person.email,
                    person.phone,
                    person.get_status_display(),
                    getattr(person, "position", ""),
                    person.get_language_display(),
                    person.get_interpretation_language_display(),
                    person.children_count,
                    _("Yes") if person.needs_transportation else "",
                    person.accessibility_needs,
                    _local(person.created_at),
                    _local(person.checked_in_at),
                ]
                for person in people
            ),
        ],
        filename=f"{event.slug}-roster.csv",
    )
    services.roster_export_logged(
        actor=request.user, event=event, rows=len(people), ip=client_ip(request)
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@require("events.organize_event", fn=_organized_event, sensitive=True)
def check_in(request, slug):
    event = request.permission_object
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            raise UnreadableRequest(_("That is not a registration of this event."))
        registration = selectors.registration_of_event(
            event=event, pk=form.cleaned_data["registration"]
        )
        try:
            services.registration_check_in(
                actor=request.user,
                registration=registration,
                undo="undo" in request.POST,
                ip=client_ip(request),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        q = form.cleaned_data["q"]
        target = reverse("events:check_in", kwargs={"slug": slug})
        if q:
            target += "?" + urlencode({"q": q})
        return redirect(f"{target}#person-{registration.pk}")
    search = CheckInSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    context = {
        "event": event,
        "search": search,
        "q": q,
        "people": selectors.confirmed_registrations(event=event, q=q),
        **selectors.check_in_counts(event=event),
    }
    # A search that cannot be read (too long) lists everyone and says why beside the box.
    return render(
        request, "events/organize/check_in.html", context, status=400 if search.errors else 200
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require("events.organize_event", fn=_organized_event, sensitive=True)
def message(request, slug):
    event = request.permission_object
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = services.registrants_message(
            actor=request.user, event=event, ip=client_ip(request), **form.cleaned_data
        )
        messages.success(
            request,
            ngettext(
                "Your message is on its way to %(count)s person.",
                "Your message is on its way to %(count)s people.",
                sent,
            )
            % {"count": sent},
        )
        return redirect("events:organize", slug=slug)
    return render(
        request,
        "events/organize/message.html",
        {"event": event, "form": form, "counts": selectors.registrant_counts(event=event)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require("events.organize_event", fn=_organized_event)
def report(request, slug):
    event = request.permission_object
    existing = selectors.session_report(event=event)
    initial, themes_initial = report_initial(existing)
    data = request.POST or None
    form = ReportForm(data, initial=initial)
    themes = ThemeFormSet(
        data,
        initial=themes_initial,
        prefix="themes",
        form_kwargs={"objectives": selectors.report_objectives()},
    )
    # Both checked, so that the page tells every problem at once.
    if request.method == "POST" and all([form.is_valid(), themes.is_valid()]):
        try:
            services.report_save(
                actor=request.user,
                event=event,
                summary={code: form.cleaned_data[f"summary_{code}"] for code in LANGUAGE_CODES},
                themes=[
                    {key: value for key, value in theme.items() if key != "DELETE"}
                    for theme in themes.cleaned_data
                    if theme.get("title_en") or theme.get("title_es")
                ],
                publish=form.cleaned_data["publish"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("What we heard is saved."))
            return redirect("events:report", slug=slug)
    invalid = request.method == "POST"
    return render(
        request,
        "events/organize/report.html",
        {"event": event, "form": form, "themes": themes, "report": existing},
        status=400 if invalid else 200,
    )


# --- Where next: the leads' review ------------------------------------------------------------


@require_safe
@require("events.review_suggestions", sensitive=True)
def suggestions(request):
    filterset = selectors.suggestion_list(params=request.GET)
    context = filtered_list(request, filterset)
    # One list of events for every row's form, read once.
    events = selectors.suggestion_events()
    choices = SuggestionReviewForm.event_choices(events)
    for suggestion in context["page_obj"].object_list:
        suggestion.review_form = SuggestionReviewForm(
            instance=suggestion, prefix=f"s{suggestion.pk}", events=events, event_choices=choices
        )
    # A filter that cannot be read (a community that does not exist): 400, the message by it.
    status = 400 if filterset.errors else 200
    return render(request, "events/suggestions.html", context, status=status)


@require_POST
@require("events.review_suggestions", sensitive=True)
def suggestion_review(request, pk):
    suggestion = selectors.location_suggestion(pk=pk)
    form = SuggestionReviewForm(
        request.POST, instance=suggestion, prefix=f"s{pk}", events=selectors.suggestion_events()
    )
    if form.is_valid():
        try:
            services.suggestion_review(
                actor=request.user,
                suggestion=suggestion,
                status=form.cleaned_data["status"],
                event=form.cleaned_data["event"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The suggestion is updated."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("events:suggestions")
    return redirect(back)
