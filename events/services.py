"""Writes to events and registrations."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from events.models import Registration

# -- registration, capacity and waiting list, emails --


@transaction.atomic
def registrations_anonymize(*, registrations: Iterable[Registration]) -> int:
    """Strip the personal data from registrations, keeping what the counts need.

    Status, the needs counted for the organizers (children, transportation, interpretation),
    the language and the check-in time stay, so attendance and needs totals do not change.
    The address is unique per row (the one-active-registration-per-email constraint).
    Returns how many were anonymized.
    """
    now = timezone.now()
    rows = list(registrations)
    for registration in rows:
        registration.name = ""
        registration.email = f"anonymized-{registration.pk}@invalid.example"
        registration.phone = ""
        registration.accessibility_needs = ""
        registration.user = None
        registration.anonymized_at = now
    Registration.objects.bulk_update(
        rows, ["name", "email", "phone", "accessibility_needs", "user", "anonymized_at"]
    )
    return len(rows)


# -- organizers: events, check-in, messages, where next, what we heard --
