"""Reporting cadence at fixed dates: when an objective goes stale, when a milestone is overdue,
and the weekly emails to staff and leads."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from initiatives import tasks
from initiatives.models import Milestone, Objective
from partners.services import membership_request
from tests.factories import (
    SITE_URL,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    UserFactory,
    join_staff,
    progress_update,
)
from tests.factories import verified_user as verified

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=NEW_YORK)  # a Monday


def stale_titles(now):
    return sorted(
        Objective.objects.with_cadence(now=now)
        .filter(is_stale=True)
        .values_list("title", flat=True)
    )


def test_an_objective_goes_stale_when_its_cadence_passes_without_an_update():
    with time_machine.travel(START, tick=False):
        monthly = ObjectiveFactory(title="Monthly")
        ObjectiveFactory(title="Weekly", update_cadence_days=7)
    assert stale_titles(START + dt.timedelta(days=6)) == []
    assert stale_titles(START + dt.timedelta(days=8)) == ["Weekly"]
    assert stale_titles(START + dt.timedelta(days=31)) == ["Monthly", "Weekly"]
    # An update (even one for partners only) restarts the clock.
    progress_update(monthly, at=START + dt.timedelta(days=29), visibility="partners")
    assert stale_titles(START + dt.timedelta(days=31)) == ["Weekly"]
    assert stale_titles(START + dt.timedelta(days=60)) == ["Monthly", "Weekly"]


def test_a_milestone_is_overdue_after_its_due_date_until_done():
    MilestoneFactory(title="Due Friday", due_date=dt.date(2026, 1, 9))
    MilestoneFactory(
        title="Done late", due_date=dt.date(2026, 1, 2), completed_on=dt.date(2026, 1, 12)
    )

    def overdue(day):
        return sorted(Milestone.objects.overdue(today=day).values_list("title", flat=True))

    assert overdue(dt.date(2026, 1, 9)) == []
    assert overdue(dt.date(2026, 1, 10)) == ["Due Friday"]


def test_stale_objectives_show_to_partners_on_their_pages(client):
    with time_machine.travel(START, tick=False):
        objective = ObjectiveFactory(title="Quiet one", update_cadence_days=7)
    staff = verified("staff@example.org")
    join_staff(OrganizationFactory(), staff)
    with time_machine.travel(START + dt.timedelta(days=10), tick=False):
        assert (
            "Update overdue since" not in client.get(objective.get_absolute_url()).content.decode()
        )
        client.force_login(staff)
        assert "Update overdue since" in client.get(objective.get_absolute_url()).content.decode()


@pytest.fixture
def network():
    edvestors = OrganizationFactory(name="EdVestors")
    other = OrganizationFactory(name="Quiet partner")
    with time_machine.travel(START, tick=False):
        stale = ObjectiveFactory(title="Career pathways", owners=[edvestors], update_cadence_days=7)
        fresh = ObjectiveFactory(title="Fresh", owners=[other], update_cadence_days=30)
    staff = verified("staff@example.org", preferred_language="es")
    join_staff(edvestors, staff)
    unverified = UserFactory(email="unverified@example.org")
    join_staff(edvestors, unverified)
    membership_request(
        organization=edvestors, actor=verified("asked@example.org"), ip=None, site_url=SITE_URL
    )
    join_staff(other, verified("other@example.org"))
    lead = verified("lead@example.org", is_coalition_lead=True)
    progress_update(
        fresh, organization=other, at=START + dt.timedelta(days=12), narrative="Good week"
    )
    return {"stale": stale, "staff": staff, "lead": lead}


def run_weekly(moment, django_capture_on_commit_callbacks):
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return tasks.send_weekly_reporting_emails.delay().get()


def test_the_weekly_emails_go_to_the_right_people_once(network, django_capture_on_commit_callbacks):
    monday = dt.datetime(2026, 1, 19, 8, 0, tzinfo=NEW_YORK)  # the beat's hour
    assert run_weekly(monday, django_capture_on_commit_callbacks) == 2
    to_staff = next(m for m in mail.outbox if m.to == ["staff@example.org"])
    to_lead = next(m for m in mail.outbox if m.to == ["lead@example.org"])
    assert len(mail.outbox) == 2
    assert "Career pathways" in to_staff.body
    assert f"/initiatives/objectives/{network['stale'].slug}/update/" in to_staff.body
    assert to_staff.subject.startswith("EdVestors")
    assert "Fresh" in to_lead.body and "Career pathways" in to_lead.body

    # A second run in the same week sends nothing more.
    mail.outbox.clear()
    assert run_weekly(monday + dt.timedelta(hours=3), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    # The next week it comes again, while the objective is still stale.
    assert run_weekly(monday + dt.timedelta(days=7), django_capture_on_commit_callbacks) == 2


def test_nothing_goes_to_staff_when_nothing_is_stale(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False):
        owner = OrganizationFactory()
        ObjectiveFactory(owners=[owner])
    join_staff(owner, verified("staff@example.org"))
    run_weekly(START + dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert mail.outbox == []
