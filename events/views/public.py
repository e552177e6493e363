"""The pages anyone may open: the calendar, an event, registering, the private manage link,
calendar files and feeds, and suggesting where to meet next."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coalition import fragments, ratelimits
from coalition.http import no_store
from coalition.listing import page_of
from coalition.pagecache import public_page
from events import calendar, selectors, services
from events.filters import EventFilter
from events.forms import NeedsForm, RegistrationForm, SuggestionForm
from events.models import Registration, with_languages

# What the events list and an event's page show: events, their hosts, initiatives, sites and
# objectives.
EVENT_SCOPES = ("partners", "initiatives", "events")


@require_safe
@public_page(*EVENT_SCOPES)
def event_list(request):
    def build(stand_in):
        # Read before the rows: the cards are kept under it (fragments).
        stamp = fragments.stamp("events", "initiatives")
        filterset = selectors.event_list(filters=stand_in.GET)
        if filterset.is_bound and filterset.errors:
            return None
        context = _list_context(stand_in, filterset, stamp)
        context["frame"] = "partials/content_only.html"
        return {
            "title": escape(_list_title(filterset)),
            "content": fragments.render_part("events/event_list.html", context, stand_in),
        }

    # The same for every address with the same filters and page: a part shared by them (a
    # tracking tag or any other parameter makes no other copy).
    parts = fragments.shared_parts(
        request,
        name="events",
        scopes=EVENT_SCOPES,
        build=build,
        params=(*EventFilter.base_filters, "page"),
    )
    if parts is None:
        # Filters that cannot be read (a date outside 1900 to 2100, say) list nothing and say
        # why: the whole page, with the form's errors.
        stamp = fragments.stamp("events", "initiatives")
        filterset = selectors.event_list(filters=request.GET)
        context = _list_context(request, filterset, stamp)
        return render(request, "events/event_list.html", context, status=400)
    return render(request, "partials/part_page.html", parts)


def _list_context(request, filterset, stamp) -> dict:
    return {
        "filter": filterset,
        # The languages are read only for the cards not kept (prepare_cards).
        "page_obj": page_of(request, filterset.qs.prefetch_related(None)),
        "stamp": stamp,
        "prepare_cards": with_languages,
        # A part is rendered without context processors.
        "LANGUAGE_CODE": translation.get_language(),
    }


def _list_title(filterset) -> str:
    return _("Past events") if filterset.when_value == "past" else _("Upcoming events")


@require_safe
@public_page(*EVENT_SCOPES)
def event_detail(request, slug):
    # The person's own: their registration and the organizer's button, from the event's row
    # (with seats left and whether it is over). An anonymous visitor's page reads nothing.
    event, mine, can_organize = None, None, False
    if request.user.is_authenticated:
        event = selectors.event_heading(slug=slug)
        mine = selectors.registration_of_viewer(event=event, user=request.user)
        can_organize = request.user.has_perm("events.organize_event", event)

    def build(stand_in):
        # Read in full (hosts, languages, resources, report) only when the parts are not kept.
        full = selectors.event_detail(slug=slug)
        context = {
            "event": full,
            "heard": selectors.what_we_heard(event=full, language=translation.get_language()),
            "directions_url": calendar.directions_url(full),
            # "Add to calendar" only while it is still to come.
            "calendar_links": calendar.calendar_links(full)
            if full.status == full.Status.PUBLISHED and not full.has_ended
            else None,
        }
        return {
            "title": escape(full.title),
            "status": fragments.render_part("events/_event_status.html", context, stand_in),
            "register": fragments.render_part("events/_event_register.html", context, stand_in),
            "body": fragments.render_part("events/_event_body.html", context, stand_in),
        }

    # The same for every visitor and address (it reads no parameter): parts shared by them,
    # under the versions of what they show (a seat taken bumps them).
    parts = fragments.shared_parts(
        request, name="event", scopes=EVENT_SCOPES, build=build, params=()
    )
    response = render(
        request,
        "events/event_detail.html",
        {"event": event, "mine": mine, "can_organize": can_organize, **parts},
    )
    # With a registration, it shows the online link, which is for registrants only.
    return no_store(response) if mine is not None else response


@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    # A post is checked against a kept copy; a copy that says closed is read again live.
    kept = request.method == "POST"
    if kept:
        event = selectors.event_for_registration_post(slug=slug)
    else:
        event = selectors.event_for_registration(slug=slug)
    is_open = services.registration_is_open(event)
    if kept and not is_open:
        event, kept = selectors.event_for_registration(slug=slug), False
        is_open = services.registration_is_open(event)
    initial = {"language": translation.get_language()}
    if request.user.is_authenticated:
        initial.update(
            name=request.user.name,
            email=request.user.email,
            language=request.user.preferred_language or initial["language"],
        )
    form = RegistrationForm(request.POST or None, event=event, initial=initial)
    retry_after = None
    if request.method == "POST" and is_open:
        limited = ratelimits.consume_or_429(
            request,
            action="event_register",
            key=request.POST.get("email", "").strip().lower(),
            about=event,
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
                    text_reminder=data["text_reminder"],
                    language=data["language"],
                    user=request.user,
                    **form.needs(),
                )
            except services.AlreadyRegistered as error:
                services.registration_send_link(registration=error.registration)
                form.add_error(None, error)
            except services.SeatsBusy as error:
                # Nothing was stored; the form comes back filled in, to send again.
                retry_after = error.retry_after
                form.add_error(
                    None,
                    _(
                        "Many people are registering right now. Nothing was saved yet: please "
                        "press Register again in a few seconds."
                    ),
                )
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
    if kept:  # the form again: with the event as it is now
        event = selectors.event_for_registration(slug=slug)
        is_open = services.registration_is_open(event)
    status = 200
    if request.method == "POST":
        status = 400 if is_open else 409
    if retry_after:
        status = 503
    response = render(
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
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# Pages behind a manage link are never stored (no_store). The link never leaves as a referrer
# either: the site's policy is same-origin (a stricter no-referrer would make browsers send
# "Origin: null" with the page's own forms, which CSRF protection rightly refuses).


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    registration = selectors.registration_by_token(token=token)
    event = registration.event
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
            return no_store(redirect("events:manage", token=token))
        if action == "needs" and can_change:
            if form.is_valid():
                try:
                    services.registration_update_needs(registration=registration, **form.needs())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, _("Your needs are saved. Thank you for telling us."))
                    return no_store(redirect("events:manage", token=token))
            status = 400
        else:
            status = 400
    context = {
        "registration": registration,
        "event": event,
        "form": form,
        "can_change": can_change,
        "position": services.waitlist_position(registration),
        # A confirmed seat still to come may go to the person's calendar.
        "calendar_links": calendar.calendar_links(event)
        if registration.status == Registration.Status.CONFIRMED
        and event.status == event.Status.PUBLISHED
        and event.ends_at > timezone.now()
        else None,
    }
    return no_store(render(request, "events/manage.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def manage_cancel(request, token):
    """ "Are you sure?": the page asks (GET), the form it carries cancels (POST). Without
    JavaScript, and nothing changes on a GET (a link preview or a prefetch opens it too)."""
    registration = selectors.registration_by_token(token=token)
    if registration.status == Registration.Status.CANCELLED:
        messages.info(request, _("This registration is already cancelled."))
        return no_store(redirect("events:manage", token=token))
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your registration is cancelled. We have emailed you."))
        return no_store(redirect("events:manage", token=token))
    context = {"registration": registration, "event": registration.event}
    return no_store(render(request, "events/manage_cancel.html", context))


@require_safe
@public_page("partners", "initiatives", "events")
def event_ics(request, slug):
    event = selectors.event_detail(slug=slug)
    response = HttpResponse(
        calendar.event_ics(event=event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_safe
def manage_ics(request, token):
    """The calendar file behind a private manage link: in the registrant's language, like their
    emails, with the online link for a confirmed seat."""
    registration = selectors.registration_by_token(token=token)
    with translation.override(registration.language):
        body = calendar.event_ics(event=registration.event, registration=registration)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return no_store(response)


@require_safe
@public_page("partners", "initiatives", "events")
def feed(request):
    """The subscribable calendar, in the request's language; `?lang=es` keeps it in Spanish
    for a calendar app, which sends no language of its own."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    with translation.override(language):
        try:
            events, name = selectors.calendar_feed(community=request.GET.get("community", ""))
        except selectors.UnknownCommunity:
            return HttpResponseNotFound(
                _("No community has this name in its address. See %(url)s for the list.")
                % {"url": request.build_absolute_uri(reverse("communities:list"))},
                content_type="text/plain; charset=utf-8",
            )
        body = calendar.events_feed_ics(events=events, name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


# --- Where next -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST":
        limited = ratelimits.consume_or_429(request, action="event_suggest")
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
