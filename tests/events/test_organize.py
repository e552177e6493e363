"""Organizer pages: staff of a host organization and leads create, change, publish and cancel
events, see the roster and its needs, check people in, export and message registrants."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coalition.models import AuditLog
from events.models import Event
from tests.events.helpers import (
    cancelled,
    confirmed,
    confirmed_batch,
    event_form,
    signed_in_organizer,
    waitlisted,
    waitlisted_batch,
)
from tests.factories import (
    CommunityFactory,
    EventFactory,
    EventLanguageFactory,
    MembershipFactory,
    OrganizationFactory,
    two_factor_lead,
    with_two_factor,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return OrganizationFactory(name="Lynn Families United", slug="lynn-families")


@pytest.fixture
def organizer(client, host):
    return signed_in_organizer(client, host)


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_staff_create_a_draft_for_their_organization(client, organizer, host):
    response = client.post("/events/organize/new/", event_form(hosts=[host.pk]))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/organize/"
    assert event.status == Event.Status.DRAFT
    assert list(event.hosts.all()) == [host]
    assert timezone.localtime(event.starts_at).hour == 18
    interpreted = event.languages.filter(interpretation=True).values_list("language", flat=True)
    assert sorted(interpreted) == ["es", "pt"]
    assert AuditLog.objects.filter(action="event.created").count() == 1
    # Nobody else sees a draft.
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_event_form_takes_a_community_or_finds_it_from_the_city(client, organizer, host):
    holyoke = CommunityFactory(name="Holyoke", slug="holyoke")
    lynn = CommunityFactory(name="Lynn", slug="lynn")
    form = client.get("/events/organize/new/").content.decode()
    assert 'name="community"' in form and f'<option value="{holyoke.pk}">Holyoke</option>' in form

    client.post("/events/organize/new/", event_form(hosts=[host.pk], community=holyoke.pk))
    client.post("/events/organize/new/", event_form(hosts=[host.pk], title_en="Second"))
    first, second = Event.objects.order_by("pk")
    assert (first.community, second.community) == (holyoke, lynn)


def test_staff_cannot_host_for_another_organization(client, organizer):
    other = OrganizationFactory()
    response = client.post("/events/organize/new/", event_form(hosts=[other.pk]))
    assert response.status_code == 400
    assert 'id="id_hosts_error"' in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title_en": ""}, "title_en"),
        ({"ends_at": "2020-01-01T10:00"}, "ends_at"),
        ({"format": "online", "venue": ""}, "online_url"),
        ({"capacity": "-3"}, "capacity"),
    ],
)
def test_bad_event_input_is_shown_next_to_its_field(client, organizer, host, overrides, field):
    response = client.post("/events/organize/new/", event_form(hosts=[host.pk], **overrides))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode() or (
        field == "ends_at" and "form-errors" in response.content.decode()
    )
    assert not Event.objects.exists()


def test_publishing_puts_the_event_in_the_calendar(client, organizer, host):
    event = EventFactory(hosts=[host], status=Event.Status.DRAFT, title="Lynn")
    response = client.post(f"/events/{event.slug}/organize/publish/")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert "Lynn" in client.get("/events/").content.decode()


def test_a_new_time_is_emailed_to_everyone_registered(client, organizer, host, sending):
    event = EventFactory(hosts=[host], capacity=10)
    confirmed(event, email="a@example.org")
    confirmed(event, email="b@example.org", language="es")
    cancelled(event, email="c@example.org")
    later = timezone.localtime(event.starts_at) + dt.timedelta(hours=1)
    data = event_form(
        hosts=[host.pk],
        title_en=event.title,
        starts_at=later.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(later + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        capacity="10",
    )
    with sending():
        response = client.post(f"/events/{event.slug}/organize/", data)
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(m.attachments[0][0] == "event.ics" for m in mail.outbox)
    # Saving again without a change tells nobody twice.
    mail.outbox.clear()
    with sending():
        client.post(f"/events/{event.slug}/organize/", data)
    assert mail.outbox == []


def test_raising_capacity_promotes_that_many_and_lowering_below_confirmed_is_refused(
    client, organizer, host, sending
):
    starts = (timezone.now() + dt.timedelta(days=9)).replace(second=0, microsecond=0)
    event = EventFactory(hosts=[host], capacity=2, starts_at=starts)
    confirmed_batch(2, event)
    waiting = waitlisted_batch(4, event)
    starts = timezone.localtime(event.starts_at)
    data = event_form(
        hosts=[host.pk],
        title_en=event.title,
        starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        venue=event.venue,
        address=event.address,
        city=event.city,
        capacity="5",
    )
    with sending():
        client.post(f"/events/{event.slug}/organize/", data)
    assert event.registrations.filter(status="confirmed").count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in waiting[:3])

    response = client.post(f"/events/{event.slug}/organize/", {**data, "capacity": "3"})
    assert response.status_code == 400
    assert "5 people hold confirmed seats" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 5


def test_cancelling_tells_everyone_registered(client, organizer, host, sending):
    event = EventFactory(hosts=[host], title="Lynn session", capacity=1)
    confirmed(event, email="a@example.org")
    waitlisted(event, email="w@example.org")
    with sending():
        client.post(f"/events/{event.slug}/organize/cancel/", {"reason": "Snowstorm"})
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "w@example.org"]
    assert mail.outbox[0].subject == "Cancelled: Lynn session"
    entry = AuditLog.objects.get(action="event.cancelled")
    assert entry.data == {"reason": "Snowstorm"}


def test_the_roster_adds_up_the_needs_of_confirmed_people(client, organizer, host):
    with_two_factor(organizer)
    event = EventFactory(hosts=[host], childcare_offered=True, capacity=4)
    EventLanguageFactory(event=event, language="es", interpretation=True)
    EventLanguageFactory(event=event, language="pt", interpretation=True)
    confirmed(event, interpretation_language="es", children_count=2)
    confirmed(event, interpretation_language="es", needs_transportation=True)
    confirmed(event, interpretation_language="pt", children_count=1)
    confirmed(event, accessibility_needs="Wheelchair access", name="Keisha")
    waitlisted(event, children_count=4)
    cancelled(event, needs_transportation=True)
    response = client.get(f"/events/{event.slug}/organize/roster/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Spanish: 2 people" in html and "Portuguese: 1 person" in html
    assert "3 children, from 2 families" in html
    assert "Keisha: Wheelchair access" in html
    needs = html[html.index("Needs to arrange") : html.index("Download the roster")]
    assert "<dt>Rides</dt>\n  <dd>1</dd>" in needs


def test_the_csv_export_has_headers_escapes_formulas_and_is_audited(client, organizer, host):
    event = EventFactory(hosts=[host], childcare_offered=True, capacity=1)
    confirmed(event, name="=HYPERLINK(1)", email="a@example.org", children_count=2)
    waitlisted(event, name="Second")
    cancelled(event, name="Gone")
    response = client.get(f"/events/{event.slug}/organize/roster.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Name", "Email", "Phone", "Status"]
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(1)", "Second"]
    assert rows[1][7] == "2" and rows[2][4] == "1"
    entry = AuditLog.objects.get(action="roster.exported")
    assert entry.data == {"rows": 2} and entry.actor == organizer


def test_organizers_of_another_organization_are_refused(client, host):
    event = EventFactory(hosts=[host])
    draft = EventFactory(hosts=[host], status=Event.Status.DRAFT)
    stranger = verified("other@example.org")
    MembershipFactory(user=stranger, organization=OrganizationFactory())
    client.force_login(stranger)
    for page in ("roster/", "roster.csv", "check-in/", "message/", ""):
        assert client.get(f"/events/{event.slug}/organize/{page}").status_code == 403
        assert client.get(f"/events/{draft.slug}/organize/{page}").status_code == 404
    assert not AuditLog.objects.filter(action="roster.exported").exists()


def test_check_in_works_by_search_and_one_button_and_can_be_undone(client, organizer, host):
    event = EventFactory(hosts=[host], capacity=2)
    ana = confirmed(event, name="Ana Pérez")
    confirmed(event, name="Luis Gómez")
    waitlisted(event, name="Ana Waiting")
    page = client.get(f"/events/{event.slug}/organize/check-in/?q=ana").content.decode()
    assert "Ana Pérez" in page and "Luis Gómez" not in page and "Ana Waiting" not in page
    assert "0 of 2 checked in" in page

    url = f"/events/{event.slug}/organize/check-in/"
    response = client.post(url, {"registration": ana.pk, "q": "ana"})
    assert response["Location"] == f"{url}?q=ana#person-{ana.pk}"
    ana.refresh_from_db()
    first = ana.checked_in_at
    assert first is not None
    client.post(url, {"registration": ana.pk})
    ana.refresh_from_db()
    assert ana.checked_in_at == first
    assert "1 of 2 checked in" in client.get(url).content.decode()
    client.post(url, {"registration": ana.pk, "undo": "1"})
    ana.refresh_from_db()
    assert ana.checked_in_at is None


def test_checking_in_and_undoing_it_are_audited_with_who_and_from_where(client, organizer, host):
    event = EventFactory(hosts=[host])
    ana = confirmed(event, name="Ana Pérez")
    url = f"/events/{event.slug}/organize/check-in/"
    client.post(url, {"registration": ana.pk}, REMOTE_ADDR="203.0.113.7")
    client.post(url, {"registration": ana.pk}, REMOTE_ADDR="203.0.113.7")  # changes nothing
    client.post(url, {"registration": ana.pk, "undo": "1"}, REMOTE_ADDR="203.0.113.8")
    entries = AuditLog.objects.filter(action__startswith="registration.check").order_by("id")
    assert [(e.action, e.actor, e.target, e.ip_address) for e in entries] == [
        ("registration.checked_in", organizer, ana, "203.0.113.7"),
        ("registration.check_in_undone", organizer, ana, "203.0.113.8"),
    ]


def test_someone_of_another_event_cannot_be_checked_in_here(client, organizer, host):
    event = EventFactory(hosts=[host])
    elsewhere = confirmed(EventFactory())
    response = client.post(
        f"/events/{event.slug}/organize/check-in/", {"registration": elsewhere.pk}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


def test_a_message_reaches_each_registrant_of_the_audience_once(client, organizer, host, sending):
    event = EventFactory(hosts=[host], capacity=1)
    seated = confirmed(event, email="a@example.org")
    waitlisted(event, email="w@example.org")
    cancelled(event, email="c@example.org")
    data = {"audience": "confirmed", "subject": "Parking", "body": "Park behind the library."}
    with sending():
        response = client.post(f"/events/{event.slug}/organize/message/", data)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["a@example.org"] and message.subject == "Parking"
    assert "Park behind the library." in message.body
    assert seated.manage_token in message.body
    assert AuditLog.objects.get(action="registrants.messaged").data["recipients"] == 1

    empty = client.post(f"/events/{event.slug}/organize/message/", {"audience": "all"})
    assert empty.status_code == 400
    assert 'id="id_subject_error"' in empty.content.decode()


def test_leads_organize_any_event(client, host):
    lead = two_factor_lead()
    client.force_login(lead)
    event = EventFactory(hosts=[host], title="Somewhere")
    assert client.get(f"/events/{event.slug}/organize/roster/").status_code == 200
    assert "Somewhere" in client.get("/events/organize/").content.decode()


def test_the_roster_runs_the_same_queries_whatever_its_size(client, organizer, host):
    with_two_factor(organizer)
    # Full once the larger data is in, so that the last ten wait.
    event = EventFactory(hosts=[host], capacity=33)
    EventLanguageFactory(event=event, language="es", interpretation=True)

    def count(url):
        client.get(url)  # the first reads the person's roles into the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [f"/events/{event.slug}/organize/{page}" for page in ("roster/", "check-in/", "")]
    confirmed_batch(3, event, interpretation_language="es")
    small = [count(url) for url in urls]
    confirmed_batch(30, event, interpretation_language="es")
    waitlisted_batch(10, event)
    assert [count(url) for url in urls] == small


def test_the_organize_index_runs_the_same_queries_whatever_its_size(
    client, organizer, host, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            event = EventFactory(hosts=[host, OrganizationFactory()], capacity=5)
            EventLanguageFactory(event=event, language="es", interpretation=True)
            confirmed_batch(2, event)
            EventFactory(hosts=[host], status=Event.Status.DRAFT)

    for count in (1, 15):  # 2 events on one page, then 32 over two
        add(count)
        client.get("/events/organize/")  # the first reads the person's roles into the cache
        # page count, events, their hosts (the person, session and roles from the cache)
        with django_assert_num_queries(3):
            response = client.get("/events/organize/")
        assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 20


def test_the_check_in_page_runs_the_same_queries_whatever_its_size(
    client, organizer, host, django_assert_num_queries
):
    # Full once the larger data is in, so that the last ten wait.
    event = EventFactory(hosts=[host], capacity=33)
    EventLanguageFactory(event=event, language="es", interpretation=True)
    url = f"/events/{event.slug}/organize/check-in/"
    for confirmed_count, waiting_count in ((3, 0), (30, 10)):
        for registration in confirmed_batch(confirmed_count, event):
            client.post(url, {"registration": registration.pk})
        waitlisted_batch(waiting_count, event)
        # event, its languages, hosts, counts, people (the person, session and roles from
        # the cache, read there by the check-ins just posted)
        with django_assert_num_queries(5):
            response = client.get(url)
        assert response.status_code == 200
    assert "33 of 33 checked in" in response.content.decode()


def test_reminders_are_set_per_event_in_hours(client, organizer, host):
    client.post("/events/organize/new/", event_form(hosts=[host.pk], reminders="2, 24, 72"))
    assert Event.objects.get().reminder_hours == [72, 24, 2]
    response = client.post(
        "/events/organize/new/", event_form(hosts=[host.pk], title_en="Other", reminders="soon")
    )
    assert response.status_code == 400
    assert 'id="id_reminders_error"' in response.content.decode()
    assert Event.objects.count() == 1


def test_setting_a_time_on_a_date_only_event_states_its_hours(client, organizer, host):
    starts = (timezone.localtime() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    event = EventFactory(
        hosts=[host],
        capacity=40,
        starts_at=starts.replace(hour=18, minute=0),
        ends_at=starts.replace(hour=20, minute=0),
        hours_stated=False,
    )
    same = event_form(
        hosts=[host.pk],
        title_en=event.title,
        starts_at=timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
    )
    # Saved with its placeholder times unchanged: still the date only.
    assert client.post(f"/events/{event.slug}/organize/", same).status_code == 302
    event.refresh_from_db()
    assert event.hours_stated is False
    # A time the organizer sets is stated: the page shows it.
    timed = {**same, "starts_at": starts.strftime("%Y-%m-%dT17:30")}
    assert client.post(f"/events/{event.slug}/organize/", timed).status_code == 302
    event.refresh_from_db()
    assert event.hours_stated is True
    assert "5:30" in client.get(event.get_absolute_url()).text
