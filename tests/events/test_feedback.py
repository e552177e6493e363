"""Feedback after a session: the morning-after email to the people who came (never to the
waiting list or a cancelled registration, never twice), the survey behind the manage link (one
answer, only after the event, only the needs asked for), the organizers' results with small
counts hidden, and the answer's end with the registration's personal data."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from events import services
from events.models import Event, Feedback, Registration
from tests.events.helpers import cancelled, confirmed, signed_in_organizer, waitlisted
from tests.factories import EventFactory, EventLanguageFactory, OrganizationFactory, verified_user

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/New_York")
ENDED = dt.datetime(2026, 6, 10, 20, 0, tzinfo=TZ)
EVENING = dt.datetime(2026, 6, 10, 22, 0, tzinfo=TZ)
NEXT_MORNING = dt.datetime(2026, 6, 11, 10, 0, tzinfo=TZ)


def held_event(**fields):
    """A session held on June 10, 2026, 6 to 8 pm, with childcare and Spanish interpretation."""
    event = EventFactory(
        starts_at=ENDED - dt.timedelta(hours=2),
        ends_at=ENDED,
        childcare_offered=True,
        **fields,
    )
    EventLanguageFactory(event=event, language="es", interpretation=True)
    return event


def check_in(registration):
    return services.registration_check_in(actor=None, registration=registration)


def invite(at, django_capture_on_commit_callbacks):
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
        return services.feedback_invitations_send()


def survey_url(registration):
    return f"/events/manage/{registration.manage_token}/feedback/"


# -- the invitation --


def test_the_morning_after_the_people_checked_in_are_asked_once_in_their_language(
    django_capture_on_commit_callbacks,
):
    event = held_event(capacity=3)
    came = confirmed(event, name="Ana Pérez", email="ana@example.org", language="es")
    confirmed(event, name="No Show", email="noshow@example.org")
    leaving = confirmed(event, email="leaving@example.org")
    waitlisted(event, email="waiting@example.org")  # the seat freed goes to them, unchecked
    services.registration_cancel(registration=leaving)
    check_in(came)
    mail.outbox.clear()

    # The evening of the session: not yet.
    assert invite(EVENING, django_capture_on_commit_callbacks) == 0
    assert invite(NEXT_MORNING, django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    # In her language (the dates are Spanish; new words, once the catalogue has them).
    assert "Hola, Ana Pérez" in message.body and "10 de junio de 2026" in message.body
    assert survey_url(came) in message.body
    assert message.attachments == []
    # Never twice, even the day after or when the outbox has forgotten it.
    assert invite(NEXT_MORNING + dt.timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    assert Registration.objects.get(pk=came.pk).feedback_invited_at is not None


def test_without_any_check_in_everyone_with_a_confirmed_seat_is_asked(
    django_capture_on_commit_callbacks,
):
    event = held_event()
    seated = [confirmed(event), confirmed(event)]
    cancelled(event)
    mail.outbox.clear()
    assert invite(NEXT_MORNING, django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in seated)
    assert "If you took part" in mail.outbox[0].body


def test_a_cancelled_event_or_one_past_the_catch_up_days_asks_nobody(
    django_capture_on_commit_callbacks,
):
    called_off = held_event()
    confirmed(called_off)
    Event.objects.filter(pk=called_off.pk).update(status=Event.Status.CANCELLED)
    long_ago = held_event()
    confirmed(long_ago)
    mail.outbox.clear()
    assert invite(NEXT_MORNING + dt.timedelta(days=8), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


# -- the survey --


@pytest.fixture
def person():
    """Checked in at a held session, after asking for childcare and a ride (no interpreter)."""
    event = held_event()
    registration = confirmed(event, children_count=2, needs_transportation=True)
    check_in(registration)
    return registration


@pytest.fixture
def after(person):
    with time_machine.travel(NEXT_MORNING, tick=False):
        yield


def test_the_survey_asks_only_about_the_needs_the_person_asked_for(client, person, after):
    response = client.get(survey_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'name="childcare_met"' in html and 'name="ride_met"' in html
    assert 'name="interpretation_met"' not in html and 'name="access_met"' not in html


def test_one_answer_per_registration_the_first_kept(client, person, after):
    answer = {
        "usefulness": "4",
        "childcare_met": "yes",
        "ride_met": "partly",
        "next_steps": "Hold the next one on a Saturday.",
    }
    response = client.post(survey_url(person), answer)
    assert response.status_code == 200
    assert "Thank you for your answers" in response.content.decode()
    stored = Feedback.objects.get(registration=person)
    assert (stored.usefulness, stored.childcare_met, stored.ride_met) == (4, "yes", "partly")
    assert (stored.interpretation_met, stored.access_met, stored.event_id) == (
        "",
        "",
        person.event_id,
    )

    again = client.post(survey_url(person), {**answer, "usefulness": "1"})
    assert again.status_code == 409
    assert "We already have your answer" in again.content.decode()
    assert Feedback.objects.get(registration=person).usefulness == 4
    # Reading it again shows the answer kept.
    assert "4 out of 5" in client.get(survey_url(person)).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"childcare_met": "yes", "ride_met": "no"}, "usefulness", "This field is required."),
        ({"usefulness": "9", "childcare_met": "yes", "ride_met": "no"}, "usefulness", "not one of"),
        ({"usefulness": "3", "ride_met": "no"}, "childcare_met", "This field is required."),
        (
            {
                "usefulness": "3",
                "childcare_met": "yes",
                "ride_met": "no",
                "next_steps": "<b>hi</b>",
            },
            "next_steps",
            "remove the HTML tags",
        ),
        (
            {"usefulness": "3", "childcare_met": "yes", "ride_met": "no", "next_steps": "x" * 1001},
            "next_steps",
            "at most 1000 characters",
        ),
    ],
)
def test_bad_answers_are_told_beside_the_field_and_nothing_is_stored(
    client, person, after, data, field, message
):
    response = client.post(survey_url(person), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_need_not_asked_for_is_refused_by_the_service(person, after):
    with pytest.raises(ValidationError) as error:
        services.feedback_create(
            registration=person,
            usefulness=3,
            met={"childcare": "yes", "ride": "no", "access": "no"},
        )
    assert "access_met" in error.value.message_dict
    assert not Feedback.objects.exists()


def test_the_survey_opens_only_after_the_session(client, person):
    with time_machine.travel(ENDED - dt.timedelta(minutes=30), tick=False):
        response = client.post(survey_url(person), {"usefulness": "5"})
    assert response.status_code == 409
    assert "once the session is over" in response.content.decode()
    assert not Feedback.objects.exists()


def test_only_people_who_came_may_answer(client, person, after):
    no_show = confirmed(person.event)
    gone = cancelled(person.event)
    for registration in (no_show, gone):
        response = client.post(survey_url(registration), {"usefulness": "5"})
        assert response.status_code == 403
    assert "Only people who came" in client.get(survey_url(no_show)).content.decode()
    assert not Feedback.objects.exists()
    assert client.get("/events/manage/not-a-token/feedback/").status_code == 404


def test_the_manage_page_links_to_the_survey_once_the_session_is_over(client, person):
    link = survey_url(person)
    with time_machine.travel(ENDED - dt.timedelta(minutes=30), tick=False):
        assert link not in client.get(f"/events/manage/{person.manage_token}/").content.decode()
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert link in client.get(f"/events/manage/{person.manage_token}/").content.decode()


# -- the organizers' results --


def answer(registration, usefulness, text="", **met):
    with time_machine.travel(NEXT_MORNING, tick=False):
        return services.feedback_create(
            registration=registration, usefulness=usefulness, met=met, next_steps=text
        )


def test_organizers_see_the_results_with_small_counts_hidden_and_texts_escaped(client):
    host = OrganizationFactory()
    event = held_event(hosts=[host])
    for _ in range(5):
        answer(confirmed(event, children_count=1), 5, childcare="yes")
    answer(
        confirmed(event, interpretation_language="es"), 2, "Tom & Jerry < 3", interpretation="no"
    )
    answer(confirmed(event), 3, "Más sesiones los sábados")
    signed_in_organizer(client, host)
    with time_machine.travel(NEXT_MORNING, tick=False):
        response = client.get(f"/events/{event.slug}/organize/feedback/")
    assert response.status_code == 200
    results = response.context["results"]
    assert results.answers == 7
    assert [str(count) for _, count in results.scores] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "0",
        "5",
    ]
    assert [(need, str(yes), str(no)) for need, yes, _, no in results.needs] == [
        ("Interpretation", "0", "fewer than 5"),
        ("Childcare", "5", "0"),
    ]
    html = response.content.decode()
    assert "Más sesiones los sábados" in html
    assert "Tom &amp; Jerry &lt; 3" in html


def test_the_results_take_the_same_queries_whatever_the_answers(client, django_assert_num_queries):
    host = OrganizationFactory()
    event = held_event(hosts=[host])
    signed_in_organizer(client, host)
    url = f"/events/{event.slug}/organize/feedback/"

    for answers in (2, 10):
        for _ in range(answers):
            answer(confirmed(event, children_count=1), 4, "More of these.", childcare="partly")
        client.get(url)  # the person's roles into the cache
        # the event as every organizer page reads it 3 (the row, its hosts, its languages)
        # + the counts 1 + the texts 1 (the person, session and roles from the cache)
        with django_assert_num_queries(5):
            assert client.get(url).status_code == 200


def test_staff_of_another_organization_do_not_see_the_results(client):
    event = held_event(hosts=[OrganizationFactory()])
    signed_in_organizer(client, OrganizationFactory())
    assert client.get(f"/events/{event.slug}/organize/feedback/").status_code == 403


# -- personal data --


def test_anonymizing_keeps_the_scores_and_drops_the_words(person, after):
    answer(person, 4, "Call me at 555-0100", childcare="yes", ride="yes")
    services.registrations_anonymize(registrations=Registration.objects.filter(pk=person.pk))
    stored = Feedback.objects.get(registration=person)
    assert (stored.usefulness, stored.childcare_met, stored.next_steps) == (4, "yes", "")


def test_my_data_holds_my_feedback(client):
    user = verified_user("ana@example.org")
    event = held_event()
    registration = confirmed(event, email="ana@example.org", children_count=1)
    answer(registration, 5, "Gracias", childcare="yes")
    client.force_login(user)
    data = json.loads(client.post("/me/data/").content)
    [mine] = data["registrations"]
    assert mine["feedback"]["usefulness"] == 5
    assert mine["feedback"]["childcare_met"] == "yes"
    assert mine["feedback"]["what_we_should_do_next"] == "Gracias"
