"""Seats left come from a counter on the event (`seats_taken`), kept by every change that takes
or frees a seat, under the event's lock: it always equals the confirmed registrations, counted,
and pages read it without counting them."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.events.helpers import confirmed, confirmed_batch, waitlisted, waitlisted_batch
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def counter(event) -> int:
    return Event.objects.values_list("seats_taken", flat=True).get(pk=event.pk)


def counted(event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def assert_kept(event, expected: int) -> None:
    assert (counter(event), counted(event)) == (expected, expected)
    assert services.seats_miscounted() == []


def test_every_kind_of_change_keeps_the_counter_equal_to_the_count():
    event = EventFactory(capacity=3)
    assert_kept(event, 0)

    first, second, third = confirmed_batch(3, event)
    assert_kept(event, 3)
    waiting = waitlisted_batch(3, event)  # full: the waiting list takes no seat
    assert_kept(event, 3)

    services.registration_cancel(registration=waiting[0])  # a waiting place frees no seat
    assert_kept(event, 3)
    services.registration_cancel(registration=first)  # the seat goes to the first waiting
    assert_kept(event, 3)
    assert Registration.objects.get(pk=waiting[1].pk).status == Registration.Status.CONFIRMED

    organizer = UserFactory()
    services.event_update(actor=organizer, event=event, fields={"capacity": 5})  # promotes one
    assert_kept(event, 4)
    services.registration_cancel(registration=second)
    assert_kept(event, 3)
    assert services.waitlist_promote(event=event) == []  # nobody left waiting
    assert_kept(event, 3)

    services.registrations_anonymize(registrations=Registration.objects.all())
    assert_kept(event, 3)
    services.event_update(actor=organizer, event=event, fields={"capacity": None})
    confirmed(event)
    assert_kept(event, 4)
    services.event_cancel(actor=organizer, event=event)  # registrations keep their status
    assert_kept(event, 4)
    assert third.pk  # held its seat throughout


def test_seats_left_are_read_from_the_row_without_counting_registrations():
    event = EventFactory(capacity=10)
    confirmed_batch(4, event)
    with CaptureQueriesContext(connection) as queries:
        row = Event.objects.with_seats().get(pk=event.pk)
    assert row.seats_left == 6
    [query] = queries.captured_queries
    assert "events_registration" not in query["sql"]
    assert "COUNT" not in query["sql"].upper()


def test_the_page_shows_the_seats_the_counter_leaves(client):
    event = EventFactory(capacity=3)
    confirmed_batch(2, event)
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "1 seat left" in page
    confirmed(event)
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "Join the waiting list" in page
    assert "seat left" not in page


def test_a_save_of_a_copy_read_earlier_does_not_write_an_old_count_back():
    event = EventFactory(capacity=5)
    stale = Event.objects.get(pk=event.pk)
    confirmed_batch(2, event)
    stale.title = "Renamed"
    stale.save()
    assert counter(event) == 2
    assert Event.objects.get(pk=event.pk).title == "Renamed"


def test_the_database_refuses_a_negative_counter():
    from django.db import IntegrityError, transaction

    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=-1)


def test_the_admin_counts_again_after_a_change_or_a_deletion(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage

    event, other = EventFactory(capacity=5), EventFactory(capacity=5)
    people = confirmed_batch(3, event)
    admin = admin_site._registry[Registration]
    request = rf.post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    request.session = {}
    request._messages = FallbackStorage(request)

    form_class = admin.get_form(request, people[0], change=True)
    registration = Registration.objects.get(pk=people[0].pk)
    form = form_class(instance=registration)
    registration.status = Registration.Status.WAITLISTED
    admin.save_model(request, registration, form, change=True)
    assert_kept(event, 2)

    form = form_class(instance=Registration.objects.get(pk=people[1].pk))
    moved = Registration.objects.get(pk=people[1].pk)
    moved.event = other
    admin.save_model(request, moved, form, change=True)
    assert_kept(event, 1)
    assert_kept(other, 1)

    admin.delete_queryset(request, Registration.objects.filter(pk=people[2].pk))
    assert_kept(event, 0)
    admin.delete_model(request, Registration.objects.get(pk=people[1].pk))
    assert_kept(other, 0)


def test_registrations_written_directly_are_counted_again():
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    assert_kept(event, 2)


def test_seats_check_finds_a_wrong_counter_and_fix_counts_again():
    event = EventFactory(capacity=5)
    confirmed_batch(2, event)
    out = StringIO()
    call_command("seats_check", stdout=out)
    assert "Every seat counter equals its confirmed registrations." in out.getvalue()

    Event.objects.filter(pk=event.pk).update(seats_taken=4)
    with pytest.raises(CommandError, match="1 events have a seat counter that is wrong"):
        call_command("seats_check", stdout=StringIO())
    out = StringIO()
    call_command("seats_check", "--fix", stdout=out)
    assert f"event {event.pk}: counter 4, confirmed 2" in out.getvalue()
    assert_kept(event, 2)


def test_an_event_already_over_takes_no_promotion_and_keeps_its_count():
    event = EventFactory(capacity=1, starts_at=timezone.now() + dt.timedelta(days=2))
    seat = confirmed(event)
    waitlisted(event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2),
    )
    services.registration_cancel(registration=seat)
    assert_kept(event, 0)
