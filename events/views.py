import csv
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.listing import filtered_list, page_of
from coalition.permissions import client_ip, require, roles_of
from coalition.spreadsheets import safe_cell
from events import calendar, selectors, services
from events.forms import (
    CancelForm,
    CheckInSearchForm,
    EventForm,
    MessageForm,
    NeedsForm,
    RegistrationForm,
    ReportForm,
    SuggestionForm,
    SuggestionReviewForm,
    ThemeFormSet,
)
from events.models import Event, LocationSuggestion, Registration, SessionReport
from partners.models import Organization


@require_GET
def event_list(request):
    filterset = selectors.event_list(filters=request.GET)
    page_obj = page_of(request, filterset.qs)
    return render(request, "events/event_list.html", {"filter": filterset, "page_obj": page_obj})


@require_GET
def event_detail(request, slug):
    event = selectors.event_detail(slug=slug)
    heard = selectors.what_we_heard(event=event, language=translation.get_language())
    mine = selectors.registration_of_viewer(event=event, user=request.user)
    response = render(
        request, "events/event_detail.html", {"event": event, "heard": heard, "mine": mine}
    )
    if mine is not None:
        # It shows the online link, which is for registrants only.
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private"
    return response


def _private(response):
    """Pages behind a manage link: never stored. The link never leaves as a referrer either:
    the site's policy is same-origin (a stricter no-referrer would make browsers send
    "Origin: null" with the page's own forms, which CSRF protection rightly refuses)."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    return response


@require_http_methods(["GET", "POST"])
def register(request, slug):
    event = selectors.event_for_registration(slug=slug)
    is_open = services.registration_is_open(event)
    initial = {"language": translation.get_language()}
    if request.user.is_authenticated:
        initial.update(
            name=request.user.name,
            email=request.user.email,
            language=request.user.preferred_language or initial["language"],
        )
    form = RegistrationForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and is_open:
        limited = ratelimit.consume_or_429(
            request, action="event_register", key=request.POST.get("email", "").strip().lower()
        )
        if limited:
            return limited
        if form.is_bot():
            # Told nothing different, so it learns nothing; nothing is stored.
            return render(request, "events/register_received.html", {"event": event})
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event=event,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=data["language"],
                    user=request.user,
                    **form.needs(),
                )
            except services.AlreadyRegistered as error:
                services.registration_send_link(registration=error.registration)
                form.add_error(None, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if registration.status == Registration.Status.CONFIRMED:
                    messages.success(request, _("You are registered. We have emailed you."))
                else:
                    messages.success(
                        request,
                        _("You are on the waiting list. We have emailed you."),
                    )
                return redirect("events:manage", token=registration.manage_token)
    status = 200
    if request.method == "POST":
        status = 400 if is_open else 409
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "is_open": is_open,
            "retention_days": settings.REGISTRATION_RETENTION_DAYS,
        },
        status=status,
    )


def _registration_by_token(token: str) -> Registration:
    # The token is 256 random bits; an anonymized registration's old token no longer exists.
    return get_object_or_404(
        Registration.objects.select_related("event").filter(anonymized_at__isnull=True),
        manage_token=token,
    )


@require_http_methods(["GET", "POST"])
def manage(request, token):
    registration = _registration_by_token(token)
    event = selectors.event_for_registration(slug=registration.event.slug)
    registration.event = event
    active = registration.status != Registration.Status.CANCELLED
    can_change = active and services.registration_window_open(event)
    initial = {
        "interpretation_language": registration.interpretation_language,
        "children_count": registration.children_count,
        "needs_transportation": registration.needs_transportation,
        "accessibility_needs": registration.accessibility_needs,
    }
    action = request.POST.get("action")
    form = NeedsForm(request.POST if action == "needs" else None, event=event, initial=initial)
    status = 200
    if request.method == "POST":
        if not active:
            messages.error(request, _("This registration is cancelled."))
            return _private(redirect("events:manage", token=token))
        if action == "cancel":
            try:
                services.registration_cancel(registration=registration, actor=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Your registration is cancelled. We have emailed you."))
            return _private(redirect("events:manage", token=token))
        if action == "needs" and can_change:
            if form.is_valid():
                try:
                    services.registration_update_needs(registration=registration, **form.needs())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Your needs are saved. Thank you for telling us."))
                    return _private(redirect("events:manage", token=token))
            status = 400
        else:
            status = 400
    context = {
        "registration": registration,
        "event": event,
        "form": form,
        "can_change": can_change,
        "position": services.waitlist_position(registration),
    }
    return _private(render(request, "events/manage.html", context, status=status))


@require_GET
def event_ics(request, slug):
    event = selectors.event_detail(slug=slug)
    response = HttpResponse(
        calendar.event_ics(event=event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def feed(request):
    try:
        events, name = selectors.calendar_feed(community=request.GET.get("community", ""))
    except selectors.UnknownCommunity:
        raise Http404 from None
    response = HttpResponse(
        calendar.events_feed_ics(events=events, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


# --- Organizers -----------------------------------------------------------------------------


def _organized_event(request, *, slug, **kwargs):
    """The event an organizer page is about; a draft is 404 to anyone who may not organize it."""
    event = selectors.event_for_organizer(slug=slug)
    if event.status == Event.Status.DRAFT and not request.user.has_perm(
        "events.organize_event", event
    ):
        raise Http404
    return event


def _hosts_allowed(user):
    roles = roles_of(user)
    organizations = Organization.objects.filter(approved=True).order_by("name")
    return organizations if roles.lead else organizations.filter(pk__in=roles.staff_of)


@require_GET
@require("events.create_event")
def organize_index(request):
    page_obj = page_of(request, selectors.organizer_events(user=request.user))
    return render(request, "events/organize/index.html", {"page_obj": page_obj})


@require_http_methods(["GET", "POST"])
@require("events.create_event")
def event_new(request):
    form = EventForm(request.POST or None, hosts_allowed=_hosts_allowed(request.user))
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


@require_http_methods(["GET", "POST"])
@require("events.organize_event", fn=_organized_event)
def event_organize(request, slug):
    event = request.permission_object
    form = EventForm(
        request.POST or None, instance=event, hosts_allowed=_hosts_allowed(request.user)
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
    return render(
        request,
        "events/organize/event_form.html",
        {"form": form, "event": event, "cancel_form": CancelForm()},
        status=400 if form.errors else 200,
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
@require("events.organize_event", fn=_organized_event)
def event_cancel(request, slug):
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            told = services.event_cancel(
                actor=request.user,
                event=request.permission_object,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except ValidationError as error:
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


@require_GET
@require("events.organize_event", fn=_organized_event, sensitive=True)
def roster(request, slug):
    event = request.permission_object
    context = {"event": event, **selectors.roster(event=event)}
    return render(request, "events/organize/roster.html", context)


@require_GET
@require("events.organize_event", fn=_organized_event, sensitive=True)
def roster_csv(request, slug):
    event = request.permission_object
    rows = selectors.roster(event=event)
    people = [*rows["confirmed"], *rows["waiting"]]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-roster.csv"'
    response.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
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
    )
    for person in people:
        writer.writerow(
            safe_cell(value)
            for value in (
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
                timezone.localtime(person.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(person.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if person.checked_in_at
                else "",
            )
        )
    services.roster_export_logged(
        actor=request.user, event=event, rows=len(people), ip=client_ip(request)
    )
    return response


@require_http_methods(["GET", "POST"])
@require("events.organize_event", fn=_organized_event, sensitive=True)
def check_in(request, slug):
    event = request.permission_object
    search = CheckInSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if request.method == "POST":
        registration = get_object_or_404(
            event.registrations.all(), pk=request.POST.get("registration") or 0
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
        q = request.POST.get("q", "")
        target = reverse("events:check_in", kwargs={"slug": slug})
        if q:
            target += "?" + urlencode({"q": q})
        return redirect(f"{target}#person-{registration.pk}")
    people = selectors.check_in_list(event=event, q=q)
    context = {
        "event": event,
        "search": search,
        "q": q,
        "people": people,
        "checked_in": event.registrations.filter(
            status=Registration.Status.CONFIRMED, checked_in_at__isnull=False
        ).count(),
        "confirmed": event.registrations.filter(status=Registration.Status.CONFIRMED).count(),
    }
    return render(request, "events/organize/check_in.html", context)


@require_http_methods(["GET", "POST"])
@require("events.organize_event", fn=_organized_event)
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
    counts = {
        status: event.registrations.filter(status=status).count()
        for status in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    }
    return render(
        request,
        "events/organize/message.html",
        {"event": event, "form": form, "counts": counts},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@require("events.organize_event", fn=_organized_event)
def report(request, slug):
    event = request.permission_object
    existing = SessionReport.objects.filter(event=event).prefetch_related("themes__objectives")
    existing = existing.first()
    objectives = selectors.report_objectives()
    initial, themes_initial = {}, []
    if existing is not None:
        initial = {
            "summary": existing.summary,
            "summary_es": existing.summary_es,
            "publish": existing.published_at is not None,
        }
        themes_initial = [
            {
                "title": t.title,
                "title_es": t.title_es,
                "description": t.description,
                "description_es": t.description_es,
                "objectives": list(t.objectives.all()),
            }
            for t in existing.themes.all()
        ]
    data = request.POST or None
    form = ReportForm(data, initial=initial)
    themes = ThemeFormSet(
        data, initial=themes_initial, prefix="themes", form_kwargs={"objectives": objectives}
    )
    if request.method == "POST" and form.is_valid() and themes.is_valid():
        try:
            services.report_save(
                actor=request.user,
                event=event,
                summary=form.cleaned_data["summary"],
                summary_es=form.cleaned_data["summary_es"],
                themes=[
                    {key: value for key, value in theme.items() if key != "DELETE"}
                    for theme in themes.cleaned_data
                    if theme.get("title")
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


# --- Where next -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action="event_suggest")
        if limited:
            return limited
        if form.is_bot():
            return render(request, "events/suggest_thanks.html")
        if form.is_valid():
            services.suggestion_create(
                data=form.suggestion_fields(),
                language=translation.get_language(),
                user=request.user,
            )
            return render(request, "events/suggest_thanks.html")
    return render(
        request, "events/suggest.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@require("events.review_suggestions", sensitive=True)
def suggestions(request):
    filterset = selectors.suggestion_list(params=request.GET)
    context = filtered_list(request, filterset)
    # One list of events for every row's form, read once.
    choices = SuggestionReviewForm.event_choices()
    for suggestion in context["page_obj"].object_list:
        suggestion.review_form = SuggestionReviewForm(
            instance=suggestion, prefix=f"s{suggestion.pk}", event_choices=choices
        )
    return render(request, "events/suggestions.html", context)


@require_POST
@require("events.review_suggestions", sensitive=True)
def suggestion_review(request, pk):
    suggestion = get_object_or_404(LocationSuggestion, pk=pk)
    form = SuggestionReviewForm(request.POST, instance=suggestion, prefix=f"s{pk}")
    if form.is_valid():
        try:
            services.suggestion_review(
                actor=request.user,
                suggestion=LocationSuggestion.objects.get(pk=pk),
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
