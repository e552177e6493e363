"""Programs for tests: a call open now with a question of each kind, applications made the way
people make them (through the services), and the emails the applicant received."""

import re

from coalition.models import OutboxEmail
from programs import services
from programs.models import Application, Question
from tests.factories import CallFactory, ProgramFactory, QuestionFactory


def open_call(**program_fields):
    """A call open now, with a short, a long (optional) and a choice question."""
    call = CallFactory(program=ProgramFactory(**program_fields))
    QuestionFactory(call=call, kind=Question.Kind.SHORT, prompt="Your school?", position=1)
    QuestionFactory(
        call=call, kind=Question.Kind.LONG, prompt="Why?", prompt_es="¿Por qué?", required=False
    )
    QuestionFactory(
        call=call,
        kind=Question.Kind.CHOICE,
        prompt="Grade band?",
        prompt_es="¿Nivel?",
        choices="Elementary\nMiddle\nHigh",
        choices_es="Primaria\nIntermedia\nSecundaria",
        position=3,
    )
    return call


def answers_for(call, **overrides) -> dict:
    by_kind = {"short": "Lynn English High School", "long": "", "choice": "High"}
    data = {f"q{q.pk}": by_kind[q.kind] for q in call.questions.all()}
    data.update(overrides)
    return data


def started(call, *, email="teacher@example.org", name="Ana Teacher", language="en"):
    """An application with its address confirmed: a draft."""
    application, _confirmed = services.application_start(
        call=call, name=name, email=email, language=language
    )
    return services.application_confirm(application=application)


def submitted(call, **fields) -> Application:
    application = started(call, **fields)
    return services.application_save(
        application=application, answers=answers_for(call), submit=True
    )


def accepted(call, *, by, **fields) -> Application:
    application = submitted(call, **fields)
    return services.application_decide(
        application=application, actor=by, decision="accepted", reason="A strong fit."
    )


def emails_to(address: str) -> list[OutboxEmail]:
    return [m for m in OutboxEmail.objects.order_by("id") if m.to == [address]]


def private_path(message: OutboxEmail) -> str:
    return re.search(r"https?://[^/\s]+(/programs/applications/\S+/)", message.body)[1]
