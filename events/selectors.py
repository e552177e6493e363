import datetime as dt
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import versions
from coalition.permissions import roles_of
from coalition.selectors import email_is_one_of, verified_addresses
from coalition.smallcounts import people
from coalition.translation import Localized, in_language, localized
from communities.models import Community
from events.filters import EventFilter, SuggestionFilter
from events.models import (
    FEEDBACK_NEEDS,
    Event,
    Feedback,
    Language,
    LocationSuggestion,
    Met,
    Registration,
    SessionReport,
    Theme,
)
from events.models import SHOWN_STATUSES as SHOWN_STATUSES  # the kernel's selectors read it here
from initiatives.models import DemonstrationSite, Objective
from partners.models import Organization
from partners.selectors import host_organizations as host_organizations  # views read it here


def public_events(*, statuses=(Event.Status.PUBLISHED,)):
    """Events with what every public page shows: seats left, whether over, languages
    (`EventQuerySet.for_public_pages`)."""
    return Event.objects.filter(status__in=statuses).for_public_pages()


def upcoming_events():
    """Published events that have not ended, soonest first, ready for events/_card.html."""
    return Event.objects.upcoming()


def event_list(*, filters: QueryDict) -> EventFilter:
    """Published events narrowed by the visitor's filters; `.qs` holds the ordered rows."""
    return EventFilter(filters, queryset=public_events())


def _linked_resources():
    """The resources linked to events (resources.Resource, named through the relation: the
    library sits above events), newest first."""
    model = Event._meta.get_field("resources").related_model
    return model.objects.order_by("-published_on", "-id")


def event_heading(*, slug: str) -> Event:
    """A published or cancelled event (a draft is 404) as the top of its page reads it: the row,
    with seats left and whether it has started or is over."""
    return get_object_or_404(Event.objects.shown().with_seats(), slug=slug)


def event_detail(*, slug: str) -> Event:
    """A published or cancelled event (a draft is 404), with hosts, places and its report."""
    queryset = (
        Event.objects.shown()
        .for_public_pages()
        .select_related("initiative", "site", "community", "report")
        .prefetch_related(
            # An organization not yet approved is not public: it is not named as host.
            Prefetch("hosts", queryset=Organization.objects.filter(approved=True)),
            # Its public recordings, slides and other resources: the library (a higher app)
            # links to events, so they are read through the reverse relation, in one query.
            Prefetch(
                "resources",
                queryset=_linked_resources().filter(visibility="public"),
                to_attr="public_resources",
            ),
            Prefetch(
                "report__themes",
                queryset=Theme.objects.prefetch_related(
                    Prefetch(
                        "objectives", queryset=Objective.objects.order_by(in_language("title"))
                    )
                ),
            ),
        )
    )
    return get_object_or_404(queryset, slug=slug)


@dataclass(frozen=True)
class HeardTheme:
    title: Localized
    description: Localized
    objectives: list[Objective]


@dataclass(frozen=True)
class WhatWeHeard:
    summary: Localized
    themes: list[HeardTheme]
    # Its source, and whether it is an example (templates/partials/provenance.html).
    report: SessionReport | None = None


def what_we_heard(*, event: Event, language: str | None = None) -> WhatWeHeard | None:
    """What was heard at a past session, once its report is published; None otherwise. Each
    text in `language` (default: the active one) where it was written in it, else the other."""
    report = getattr(event, "report", None)
    now = timezone.now()
    if (
        report is None
        or event.ends_at > now
        or report.published_at is None
        or report.published_at > now
    ):
        return None
    themes = [
        HeardTheme(
            title=localized(theme, "title", language=language),
            description=localized(theme, "description", language=language),
            objectives=list(theme.objectives.all()),
        )
        for theme in report.themes.all()
    ]
    return WhatWeHeard(localized(report, "summary", language=language), themes, report=report)


# --- Registration ---------------------------------------------------------------------------


def event_for_registration(*, slug: str) -> Event:
    """The event a registration form or manage page is about, with every language offered."""
    return get_object_or_404(Event.objects.shown().for_public_pages(), slug=slug)


# Bumped by every change to an event's own row or languages (events.apps), not by a seat taken.
DETAILS_SCOPE = "event-details"


def event_for_registration_post(*, slug: str) -> Event:
    """`event_for_registration`, from a copy kept in the shared cache while the event's row and
    languages are unchanged: what a registration post checks its form against. The copy's seats
    may be behind (a seat taken does not renew it), so it never decides a seat: the locked row
    does (`registration_create`), and the caller reads the event again live before it shows
    the seats or turns the person away."""
    return versions.kept(
        f"event-for-registration:{slug}",
        (DETAILS_SCOPE,),
        lambda: event_for_registration(slug=slug),
        timeout=settings.PAGE_CACHE_SECONDS,
    )


def registration_by_token(*, token: str) -> Registration:
    """The registration a private manage link opens, its event read as for registering.

    The token is 256 random bits; an anonymized registration's old token no longer exists."""
    registration = get_object_or_404(
        Registration.objects.select_related("event").filter(anonymized_at__isnull=True),
        manage_token=token,
    )
    registration.event = event_for_registration(slug=registration.event.slug)
    return registration


def registration_of_viewer(*, event: Event, user) -> Registration | None:
    """The signed-in person's active registration for the event: made while signed in, or with
    an address they have verified. None for anonymous visitors."""
    if not user.is_authenticated:
        return None
    verified = EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=OuterRef("email")
    )
    return (
        event.registrations.filter(
            status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        )
        .filter(Q(user=user) | Exists(verified))
        .first()
    )


class UnknownCommunity(Exception):
    pass


def calendar_feed(*, community: str = "") -> tuple[list[Event], str]:
    """Published events from a year back onwards, for calendar apps; one community's when
    `community` is a community's slug (a demonstration site's slug, as feeds subscribed before
    communities were data name them, still gives that site's events)."""
    since = timezone.now() - dt.timedelta(days=365)
    events = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gte=since)
    name = _("Coalition events")
    if community:
        place = Community.objects.filter(slug=community, listed=True).first()
        if place is not None:
            events = events.filter(community=place)
        else:
            place = DemonstrationSite.objects.filter(slug=community).first()
            if place is None:
                raise UnknownCommunity(community)
            events = events.filter(site=place)
        name = _("Coalition events: %(community)s") % {"community": localized(place, "name")}
    return list(events.order_by("starts_at", "id")), name


# --- Organizers ---------------------------------------------------------------------------


def organizer_events(*, user):
    """Events the person may organize, drafts included: their organizations' or, for a lead,
    all. Newest first."""
    roles = roles_of(user)
    events = Event.objects.with_seats().prefetch_related(
        Prefetch("hosts", queryset=Organization.objects.order_by(in_language("name")))
    )
    if not roles.lead:
        events = events.filter(hosts__in=roles.staff_of).distinct()
    return events.order_by("-starts_at", "-id")


def event_for_organizer(*, slug: str) -> Event:
    """Any event, drafts included, with what its organizer pages show."""
    return get_object_or_404(
        public_events(statuses=list(Event.Status))
        .select_related("initiative", "site")
        .prefetch_related("hosts", "languages"),
        slug=slug,
    )


@dataclass(frozen=True)
class Needs:
    """What organizers must arrange for the people with a confirmed seat."""

    interpreters: list[tuple[str, int]]
    children: int
    families: int
    rides: int
    accommodations: int


def needs_counts(path: str = "") -> dict:
    """Aggregates of what to arrange for the people with a confirmed seat; `path` leads from
    the model counted on to the registrations ("registrations__" from events)."""
    confirmed = Q(**{f"{path}status": Registration.Status.CONFIRMED})
    person = f"{path}id"
    return {
        "children": Coalesce(Sum(f"{path}children_count", filter=confirmed), 0),
        "families": Count(person, filter=confirmed & Q(**{f"{path}children_count__gt": 0})),
        "rides": Count(person, filter=confirmed & Q(**{f"{path}needs_transportation": True})),
        "accommodations": Count(
            person, filter=confirmed & ~Q(**{f"{path}accessibility_needs": ""})
        ),
    }


def interpreters_asked(events) -> dict[int, list[tuple[str, int]]]:
    """For each event (ids, or a queryset of them), the interpreters its confirmed people asked
    for: (language, people), in one query."""
    labels = dict(Language.choices)
    asked = (
        Registration.objects.filter(status=Registration.Status.CONFIRMED, event__in=events)
        .exclude(interpretation_language="")
        .values_list("event_id", "interpretation_language")
        .annotate(count=Count("id"))
        .order_by("event_id", "interpretation_language")
    )
    by_event = {}
    for event_id, code, count in asked:
        by_event.setdefault(event_id, []).append((str(labels.get(code, code)), count))
    return by_event


def needs_totals(*, event: Event) -> Needs:
    totals = event.registrations.aggregate(**needs_counts())
    return Needs(interpreters=interpreters_asked([event.pk]).get(event.pk, []), **totals)


def registration_roster(*, event: Event) -> dict:
    """Everyone registered, by status, waiting list in order, with the needs totals."""
    rows = list(event.registrations.order_by("created_at", "id"))
    confirmed = [r for r in rows if r.status == Registration.Status.CONFIRMED]
    waiting = [r for r in rows if r.status == Registration.Status.WAITLISTED]
    for position, registration in enumerate(waiting, start=1):
        registration.position = position
    return {
        "confirmed": confirmed,
        "waiting": waiting,
        "cancelled": [r for r in rows if r.status == Registration.Status.CANCELLED],
        "needs": needs_totals(event=event),
        "checked_in": sum(1 for r in confirmed if r.checked_in_at),
        "accommodations": [r for r in confirmed if r.accessibility_needs],
    }


def confirmed_registrations(*, event: Event, q: str = ""):
    """People with a confirmed seat, by name, narrowed by a search on name or email."""
    people = event.registrations.filter(status=Registration.Status.CONFIRMED)
    if q:
        people = people.filter(Q(name__icontains=q) | Q(email__icontains=q))
    return people.order_by("name", "id")


def registration_of_event(*, event: Event, pk) -> Registration:
    """One of the event's registrations; 404 for a registration of any other event."""
    return get_object_or_404(event.registrations.all(), pk=pk or 0)


def check_in_counts(*, event: Event) -> dict:
    """How many people with a confirmed seat there are, and how many have checked in."""
    confirmed = Q(status=Registration.Status.CONFIRMED)
    return event.registrations.aggregate(
        confirmed=Count("id", filter=confirmed),
        checked_in=Count("id", filter=confirmed & Q(checked_in_at__isnull=False)),
    )


def registrant_counts(*, event: Event) -> dict:
    """How many people hold a confirmed seat and how many wait, by status value."""
    return event.registrations.aggregate(
        **{
            status.value: Count("id", filter=Q(status=status))
            for status in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        }
    )


def session_report(*, event: Event) -> SessionReport | None:
    """The event's report of what was heard, with its themes and their objectives; or None."""
    return SessionReport.objects.filter(event=event).prefetch_related("themes__objectives").first()


def location_suggestion(*, pk: int) -> LocationSuggestion:
    return get_object_or_404(LocationSuggestion, pk=pk)


def suggestion_list(*, params) -> SuggestionFilter:
    return SuggestionFilter(
        params,
        queryset=LocationSuggestion.objects.select_related("event", "community").order_by(
            "-created_at"
        ),
    )


def report_objectives():
    """Objectives a theme may link to: all of them, by initiative."""
    return Objective.objects.select_related("initiative").order_by(
        in_language("initiative__name"), in_language("title")
    )


def registrations_of(*, user, addresses: list[str] | None = None):
    """The person's registrations: made while signed in, or with an address they have verified
    (a registration needs no account, and a verified address proves it is theirs)."""
    if addresses is None:
        addresses = verified_addresses(user)
    return Registration.objects.filter(Q(user=user) | email_is_one_of(addresses))


def suggestions_of(*, user):
    """Where-next suggestions the person sent while signed in, newest first."""
    return LocationSuggestion.objects.filter(submitted_by=user).order_by("-created_at", "-id")


def suggestion_events():
    """The events a location suggestion can have become: listening sessions (not drafts) from
    a season back on."""
    since = timezone.now() - dt.timedelta(days=180)
    return Event.objects.filter(kind=Event.Kind.LISTENING_SESSION, starts_at__gte=since).exclude(
        status=Event.Status.DRAFT
    )


# --- Feedback after a session -------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackResults:
    """An event's survey answers for its organizers, every count of people from 1 to 4 shown
    as "fewer than 5" (coalition.smallcounts)."""

    answers: object  # int or FEWER
    scores: list[tuple[int, object]]  # (1..5, people)
    needs: list[tuple[str, object, object, object]]  # (need, yes, partly, no)
    texts: list[tuple[str, str]]  # (what to do next, its language)


def feedback_results(*, event: Event) -> FeedbackResults:
    """Counts by score and by need in one query, the texts in another, whatever the number of
    answers."""
    answers = Feedback.objects.filter(event=event)
    counts = answers.aggregate(
        answers=Count("pk"),
        **{f"score_{score}": Count("pk", filter=Q(usefulness=score)) for score in range(1, 6)},
        **{
            f"{need}_{answer}": Count("pk", filter=Q(**{f"{need}_met": answer}))
            for need in FEEDBACK_NEEDS
            for answer in Met.values
        },
    )
    needs = [
        (str(label), *(people(counts[f"{need}_{answer}"]) for answer in Met.values))
        for need, label in FEEDBACK_NEEDS.items()
        if any(counts[f"{need}_{answer}"] for answer in Met.values)
    ]
    texts = list(
        answers.exclude(next_steps="").order_by("id").values_list("next_steps", "language")
    )
    return FeedbackResults(
        answers=people(counts["answers"]),
        scores=[(score, people(counts[f"score_{score}"])) for score in range(1, 6)],
        needs=needs,
        texts=texts,
    )


def feedback_of(*, registration: Registration) -> Feedback | None:
    """The registration's answer to the survey, if it gave one."""
    return Feedback.objects.filter(registration=registration).first()
