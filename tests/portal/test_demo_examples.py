"""The demo's examples: flagged everywhere, never a real organization's statement or a real
person's words; load_demo --facts-only without them; the loader's checks of every row."""

import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coalition.models import User
from consultations.models import Document
from events.models import Event, LocationSuggestion, Registration, SessionReport
from initiatives.models import (
    Indicator,
    Measurement,
    Milestone,
    Objective,
    ProgressUpdate,
)
from partners.models import Membership, Organization
from portal.demo import files
from tests.portal.helpers import ACTION_LAB

WITH_EXAMPLES = [
    Indicator,
    Measurement,
    Objective,
    Milestone,
    ProgressUpdate,
    Event,
    SessionReport,
    LocationSuggestion,
    Document,
    User,
]


@pytest.fixture
def full(load_demo):
    load_demo()


def examples_left():
    return {m.__name__: m.objects.filter(is_example=True).count() for m in WITH_EXAMPLES}


def test_facts_only_loads_no_example_no_account_and_no_registration(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--facts-only", verbosity=0)
    assert examples_left() == dict.fromkeys(examples_left(), 0)
    assert not User.objects.exists()
    assert not Registration.objects.exists()
    assert not LocationSuggestion.objects.exists()
    assert not Membership.objects.exists()
    # And the real network is there.
    assert Organization.objects.filter(name="EdVestors").exists()
    assert Event.objects.count() == 5
    assert SessionReport.objects.count() == 5
    assert ProgressUpdate.objects.count() == 5


def test_facts_only_after_a_full_load_removes_the_examples(full, settings):
    facts = {m.__name__: m.objects.filter(is_example=False).count() for m in WITH_EXAMPLES}
    assert all(examples_left().values())
    call_command("load_demo", "--facts-only", verbosity=0)
    assert examples_left() == dict.fromkeys(examples_left(), 0)
    assert not Registration.objects.exists()
    assert not Membership.objects.exists()
    # The facts are the same rows as before.
    assert {m.__name__: m.objects.count() for m in WITH_EXAMPLES} == facts
    # Loading the facts twice gives the same rows.
    call_command("load_demo", "--facts-only", verbosity=0)
    assert {m.__name__: m.objects.count() for m in WITH_EXAMPLES} == facts


def test_facts_only_makes_no_account_so_it_runs_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()
    call_command("load_demo", "--facts-only", verbosity=0)
    assert not User.objects.exists()
    assert Organization.objects.exists()


def test_every_demo_account_is_a_fictional_example(full):
    users = User.objects.all()
    assert set(users.values_list("is_example", flat=True)) == {True}
    for user in users:
        assert user.email.endswith("@example.org")
        assert user.name.startswith("Example "), user.name
    for email in ("lead@example.org", "staff@example.org", "member@example.org"):
        assert users.filter(email=email).exists()
    staff = Membership.objects.get(user__email="staff@example.org")
    assert staff.organization.name == "EdVestors"


def test_invented_rows_are_examples(full):
    # Everything dated from the load day, registered for or attended is an example.
    assert not Registration.objects.filter(event__is_example=False).exists()
    assert set(LocationSuggestion.objects.values_list("is_example", flat=True)) == {True}
    upcoming = Event.objects.filter(starts_at__year__gte=2025)
    # 7 in the network files, and the Educator Voice Academy's second session (programs.toml).
    assert upcoming.count() == 8
    assert set(upcoming.values_list("is_example", flat=True)) == {True}
    # Examples at real places would send people to a session that does not exist.
    for event in Event.objects.filter(is_example=True).exclude(venue=""):
        assert event.venue.startswith("Example venue"), event.venue
        assert event.address == ""
    # The math-proficiency gaps: an example indicator and 45 example figures.
    math = Indicator.objects.get(slug="students-proficient-in-math")
    assert math.is_example
    assert not math.measurements.filter(is_example=False).exists()


def test_no_real_organization_has_an_unflagged_invented_update(full):
    for update in ProgressUpdate.objects.select_related("objective", "organization"):
        if update.is_example:
            # It says it is an example in its own words, not as the organization's claim.
            assert update.narrative.startswith("Example of"), update.narrative
            assert update.evidence_url == "" or "example.org" in update.evidence_url
        else:
            assert update.source and update.author is None
            assert update.created_at.year < 2025
    for milestone in Milestone.objects.filter(is_example=False):
        assert milestone.source and milestone.due_date.year < 2025
    # An example objective's updates and milestones are examples too.
    for model in (ProgressUpdate, Milestone):
        assert not model.objects.filter(objective__is_example=True, is_example=False).exists()
    # The invented notes the issue names are gone or flagged.
    for words in ("mapping has not started", "paused its participation", "community organizer"):
        assert not ProgressUpdate.objects.filter(narrative__icontains=words).exists()
    # The demo lead writes only examples.
    assert not ProgressUpdate.objects.filter(
        author__email="lead@example.org", is_example=False
    ).exists()


def test_example_reports_are_flagged_and_credit_no_real_person(full):
    examples = SessionReport.objects.filter(is_example=True)
    assert examples.count() == 2
    for report in examples:
        assert report.event.is_example
        assert report.summary.startswith("An example of what a session report looks like")
        for theme in report.themes.all():
            assert theme.description.startswith("Example theme:")


@pytest.fixture
def data(tmp_path, monkeypatch, settings):
    settings.DEBUG = True
    copy = tmp_path / "data"
    shutil.copytree(files.DATA, copy)
    monkeypatch.setattr(files, "DATA", copy)
    return copy


def edit(data, name, old, new):
    path = data / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("name", "old", "new", "error"),
    [
        # A fact dated from the load day.
        (
            "browns-promise-massachusetts.toml",
            "date = 2024-05-29",
            "days_from_today = -30",
            "browns-promise-massachusetts.toml, [[event]] number 1: a fact is dated relative "
            "to the load day (days_from_today)",
        ),
        (
            "new-skills-ready-network-boston.toml",
            "due_date = 2021-06-30\ncompleted_on = 2021-06-30",
            "due_days_from_today = -100\ndone_days_from_today = -110",
            "new-skills-ready-network-boston.toml, [[milestone]] number 1: a fact is dated "
            "relative to the load day (due_days_from_today)",
        ),
        # A fact without a source.
        (
            "umass-ece-action-lab.toml",
            f'source = "{ACTION_LAB}"\n\n# --- Events',
            "\n# --- Events",
            "umass-ece-action-lab.toml, [[progress_update]] number 1: a fact needs a source",
        ),
        # Invented attendance at a real session; an invented row not flagged.
        (
            "browns-promise-massachusetts.toml",
            "date = 2024-05-29",
            "date = 2024-05-29\nturnout = { registered = 9, no_shows = 2 }",
            "browns-promise-massachusetts.toml, [[event]] number 1: turnout: who registers for "
            "a real event is not known",
        ),
        (
            "shared.toml",
            'example = true\nname = "Example Lead"',
            'name = "Example Lead"',
            "shared.toml, [[account]] number 1: this kind of row is invented: mark it "
            "example = true",
        ),
        # A fact credited to a demo account.
        (
            "browns-promise-massachusetts.toml",
            "date = 2024-12-13\norganization",
            'date = 2024-12-13\nauthor = "lead@example.org"\norganization',
            "browns-promise-massachusetts.toml, [[progress_update]] number 1: a fact has no author",
        ),
        # A seed figure without its date.
        (
            "open-opportunity-massachusetts.toml",
            "as_of = 2020-06-11\n",
            "",
            "open-opportunity-massachusetts.toml, [[indicator]] number 1, [[measurement]] "
            "number 1: a fact's figure needs as_of",
        ),
    ],
)
def test_the_loader_refuses_a_row_neither_fact_nor_example(db, data, name, old, new, error):
    edit(data, name, old, new)
    with pytest.raises(CommandError, match=re.escape(error)):
        call_command("load_demo", verbosity=0)
    assert not Organization.objects.exists()
    # The facts alone are checked the same way.
    with pytest.raises(CommandError, match=re.escape(error)):
        call_command("load_demo", "--facts-only", verbosity=0)


def test_example_feedback_only_on_example_sessions_from_people_who_came(full, settings):
    from events.models import Feedback

    answers = Feedback.objects.select_related("registration", "event")
    assert answers.count() == 8
    for answer in answers:
        assert answer.event.is_example and answer.registration.checked_in_at is not None
        assert answer.next_steps == "" or answer.next_steps.startswith(
            ("Example answer:", "Respuesta de ejemplo:")
        )
    # Everyone who came was asked the morning after; nobody else.
    came = Registration.objects.filter(
        checked_in_at__isnull=False, event__ends_at__lt=timezone.now()
    )
    assert not came.filter(feedback_invited_at__isnull=True).exists()
    assert not Registration.objects.filter(
        checked_in_at__isnull=True, feedback_invited_at__isnull=False
    ).exists()
    call_command("load_demo", "--facts-only", verbosity=0)
    assert not Feedback.objects.exists()
