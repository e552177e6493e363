"""Load the networks' programs (data/programs.toml): each program a fact of its seed, with its
source; its calls, their questions, cohorts, sessions and applications examples, dated from the
day of the load. Keyed by slugs, titles and addresses, so loading again updates the same rows.
With facts_only, the programs alone (their example rows removed)."""

import datetime as dt
import tomllib

from coalition import versions
from events.models import Event
from portal.demo.events import local
from portal.demo.files import DATA, Row, bilingual
from programs.models import Application, Call, Cohort, Program, Question

FILE = "programs.toml"


def load_programs(orgs, initiatives, today, now, *, facts_only: bool = False) -> None:
    with (DATA / FILE).open("rb") as file:
        rows = [
            Row(fields, f"{FILE}, [[program]] number {number}")
            for number, fields in enumerate(tomllib.load(file).get("program", []), start=1)
        ]
    for model in (Application, Cohort, Call, Program):
        if facts_only:
            model.objects.filter(is_example=True).delete()
    for row in rows:
        program = _program(row, orgs, initiatives)
        for call_row in row.nested("call"):
            if not call_row.take("example", False):
                call_row.fail("a call is an example: no seed publishes one (example = true)")
            if facts_only:
                continue
            _call(call_row, program, orgs, initiatives, today, now)
    versions.bump("programs", "events")


def _program(row: Row, orgs, initiatives) -> Program:
    slug = row.take("slug")
    if row.get("example") is not True and not row.get("source"):
        row.fail("a program is a fact with its source, or an example")
    is_example = bool(row.take("example", False))
    host = row.one(orgs, row.take("host"), "organization")
    initiative = row.one(initiatives, row.take("initiative", None), "initiative")
    calls = row.pop("call", [])
    fields = row.fields(Program, host=host, initiative=initiative, is_example=is_example)
    fields = bilingual(Program, {"summary": "", "description": "", **fields})
    program, _ = Program.objects.update_or_create(slug=slug, defaults=fields)
    row["call"] = calls
    return program


def _call(row: Row, program, orgs, initiatives, today, now) -> Call:
    questions = row.nested("question")
    applications = row.nested("application")
    cohort_row = row.table("cohort")
    opens_at = now + dt.timedelta(days=row.take("opens_days_from_today"))
    deadline = now + dt.timedelta(days=row.take("deadline_days_from_today"))
    fields = row.fields(Call, opens_at=opens_at, deadline=deadline, is_example=True)
    fields = bilingual(Call, {"eligibility": "", **fields})
    title = fields.pop("title")
    call, _ = Call.objects.update_or_create(
        program=program, title_en=title, defaults={**fields, "title": title}
    )
    by_position = []
    for position, question_row in enumerate(questions, start=1):
        question_fields = bilingual(Question, {"choices": "", **question_row.fields(Question)})
        question_fields["position"] = position
        prompt = question_fields.pop("prompt")
        question, _ = Question.objects.update_or_create(
            call=call, prompt_en=prompt, defaults={**question_fields, "prompt": prompt}
        )
        by_position.append(question)
    if cohort_row is not None:
        _cohort(cohort_row, call, program, today)
    for number, application_row in enumerate(applications, start=1):
        _application(application_row, call, by_position, opens_at + dt.timedelta(days=number))
    return call


def _cohort(row: Row, call, program, today) -> Cohort:
    events = row.take("events", [])
    sessions = row.nested("session")
    fields = bilingual(Cohort, row.fields(Cohort, program=program, is_example=True))
    name = fields.pop("name")
    cohort, _ = Cohort.objects.update_or_create(call=call, defaults={**fields, "name": name})
    found = list(Event.objects.filter(slug__in=events))
    if len(found) != len(events):
        row.fail(f"there is no event among {events!r}")
    for session_row in sessions:
        found.append(_session(session_row, program, today))
    cohort.sessions.set(found)
    return cohort


def _session(row: Row, program, today) -> Event:
    slug = row.take("slug")
    day = today + dt.timedelta(days=row.take("days_from_today"))
    starts_at, ends_at = local(day, row.take("start_hour")), local(day, row.take("end_hour"))
    fields = row.fields(
        Event,
        kind=Event.Kind.COHORT_SESSION,
        format=Event.Format.ONLINE,
        initiative=program.initiative,
        starts_at=starts_at,
        ends_at=ends_at,
        status=Event.Status.PUBLISHED,
        is_example=True,
    )
    fields = bilingual(Event, {"description": "", **fields})
    event, _ = Event.objects.update_or_create(slug=slug, defaults=fields)
    event.hosts.set([program.host])
    return event


def _application(row: Row, call, questions, submitted_at) -> Application:
    row.take("example")
    answers = row.take("answers")
    if len(answers) != len(questions):
        row.fail(f"{len(answers)} answers for {len(questions)} questions")
    fields = row.fields(
        Application,
        status=Application.Status.SUBMITTED,
        answers={str(q.pk): answer for q, answer in zip(questions, answers, strict=True)},
        is_example=True,
        confirmed_at=submitted_at,
        submitted_at=submitted_at,
    )
    email = fields.pop("email")
    application, _ = Application.objects.update_or_create(call=call, email=email, defaults=fields)
    return application
