"""The demo's programs: the seeds' facts with their source, the examples around them marked,
the Educator Voice Academy open for applications with a cohort of two sessions."""

import pytest
from django.core.management import call_command

from events.models import Event
from programs.models import Application, Call, Cohort, Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def test_the_seeds_programs_are_facts_with_their_source(demo):
    programs = {p.slug: p for p in Program.objects.all()}
    assert set(programs) == {
        "leaders-for-just-schools",
        "educator-voice-academies",
        "new-skills-pilot-high-schools",
    }
    for program in programs.values():
        assert not program.is_example and program.source
        assert program.name_es and program.summary_es
    assert programs["new-skills-pilot-high-schools"].host.name == "EdVestors"
    assert not Call.objects.filter(is_example=False).exists()
    assert not Application.objects.filter(is_example=False).exists()


def test_the_academy_is_open_with_a_cohort_of_two_example_sessions(demo, client):
    academy = Program.objects.get(slug="educator-voice-academies")
    [cohort] = Cohort.objects.filter(program=academy)
    sessions = list(cohort.sessions.all())
    assert len(sessions) == 2 and all(event.is_example for event in sessions)
    page = client.get("/programs/educator-voice-academies/").content.decode()
    assert "Apply" in page and "Example" in page
    assert client.get("/programs/educator-voice-academies/apply/").status_code == 200


def test_loading_twice_gives_the_same_rows_and_facts_only_keeps_the_programs(demo, settings):
    counts = [m.objects.count() for m in (Program, Call, Cohort, Application, Event)]
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert [m.objects.count() for m in (Program, Call, Cohort, Application, Event)] == counts
    call_command("load_demo", "--facts-only", verbosity=0)
    assert Program.objects.count() == 3
    assert Call.objects.count() == Cohort.objects.count() == Application.objects.count() == 0
