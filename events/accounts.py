"""What events adds to a person's account (coalition.accounts): registrations on /me/, in
"download my data", and anonymized when the account is deleted."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.dispatch import receiver
from django.utils import timezone

from coalition import accounts
from coalition.listing import PAGE_SIZE
from coalition.selectors import verified_addresses_of_request
from events.models import FEEDBACK_NEEDS, LocationSuggestion
from events.selectors import SHOWN_STATUSES, registrations_of, suggestions_of
from events.services import registrations_anonymize

# /me/ shows this many of the person's latest suggestions ("download my data" has them all).
MY_SUGGESTIONS_SHOWN = 20


def _page(request, rows, *, count: int, param: str):
    """The page of `rows` asked for by `?<param>=`, its rows counted beforehand."""
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = count  # counted with the other list, in one query
    return paginator.get_page(request.GET.get(param))


def my_registrations(request) -> dict:
    registrations = registrations_of(
        user=request.user, addresses=verified_addresses_of_request(request)
    ).select_related("event")
    now = timezone.now()
    coming = Q(event__ends_at__gt=now)
    counts = registrations.aggregate(
        upcoming=Count("pk", filter=coming), past=Count("pk", filter=~coming)
    )
    past = registrations.filter(~coming).order_by("-event__starts_at", "-id")
    upcoming = registrations.filter(coming).order_by("event__starts_at", "id")
    return {
        # Both lists paged: the coming ones by `?upcoming=`, the past ones by `?page=`.
        "upcoming": _page(request, upcoming, count=counts["upcoming"], param="upcoming"),
        "page_obj": _page(request, past, count=counts["past"], param="page"),
        "linkable_event_statuses": SHOWN_STATUSES,
    }


def my_suggestions(request) -> dict:
    suggestions = suggestions_of(user=request.user).select_related("event", "community")
    return {
        "suggestions": suggestions[:MY_SUGGESTIONS_SHOWN],
        "linkable_event_statuses": SHOWN_STATUSES,
    }


def _feedback_data(registration) -> dict | None:
    answer = getattr(registration, "feedback", None)
    if answer is None:
        return None
    return {
        "usefulness": answer.usefulness,
        **{f"{need}_met": getattr(answer, f"{need}_met") for need in FEEDBACK_NEEDS},
        "what_we_should_do_next": answer.next_steps,
        "language": answer.language,
        "answered": answer.created_at,
    }


def registrations_data(*, user, addresses):
    registrations = registrations_of(user=user, addresses=addresses).select_related(
        "event", "feedback"
    )
    for r in registrations.order_by("created_at", "id"):
        yield {
            "event": r.event.title,
            "event_starts": r.event.starts_shown,  # only the day when the hours are not stated
            "status": r.status,
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
            "agreed_to_a_text_reminder": r.text_reminder_consented_at,
            "text_reminder_sent": r.text_reminder_sent_at,
            "language": r.language,
            "interpretation_language": r.interpretation_language,
            "children_needing_childcare": r.children_count,
            "needs_transportation": r.needs_transportation,
            "accessibility_needs": r.accessibility_needs,
            "agreed_to_privacy_notice": r.consented_at,
            "registered": r.created_at,
            "cancelled": r.cancelled_at,
            "checked_in": r.checked_in_at,
            "feedback": _feedback_data(r),
        }


def suggestions_data(*, user, addresses):
    suggestions = LocationSuggestion.objects.filter(submitted_by=user).select_related("community")
    for s in suggestions.order_by("created_at"):
        yield {
            "place": s.place,
            "community": str(s.community or ""),
            "why_there": s.reason,
            "contact_name": s.contact_name,
            "contact_email": s.contact_email,
            "language": s.language,
            "status": s.status,
            "suggested": s.created_at,
        }


@receiver(accounts.user_deleting, dispatch_uid="events.forget_the_person")
def forget_the_person(sender, user, **kwargs) -> dict:
    """Registrations stay in the counts without the person's data; a suggestion keeps its
    place and reasons, not who sent it."""
    anonymized = registrations_anonymize(
        registrations=registrations_of(user=user).select_for_update()
    )
    LocationSuggestion.objects.filter(submitted_by=user).update(contact_name="", contact_email="")
    return {"registrations_anonymized": anonymized}


def register() -> None:
    accounts.section(
        template="events/_my_registrations.html",
        context=my_registrations,
        order=20,
        params=("upcoming", "page"),
    )
    accounts.section(template="events/_my_suggestions.html", context=my_suggestions, order=25)
    accounts.data(key="registrations", rows=registrations_data, order=20)
    accounts.data(key="location_suggestions", rows=suggestions_data, order=40)
