"""Reads of programs, their calls, applications and cohorts, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from events.models import Event, Registration
from programs.models import REVIEWABLE, Application, Call, Cohort, Program, Question, Review

_PROGRAM_RELATED = ("host", "initiative")


def public_programs(*, now=None) -> QuerySet[Program]:
    """Every program, each with its number of calls open now (`open_calls`), those with an
    open call first; for the list and for other pages (search) to name them."""
    now = now or timezone.now()
    return (
        Program.objects.select_related(*_PROGRAM_RELATED)
        .annotate(
            open_calls=Count("calls", filter=Q(calls__opens_at__lte=now, calls__deadline__gt=now))
        )
        .order_by("-open_calls", *Program._meta.ordering)
    )


def program_by_slug(*, slug: str) -> Program:
    return get_object_or_404(Program.objects.select_related(*_PROGRAM_RELATED), slug=slug)


@dataclass
class ProgramPage:
    program: Program
    calls: list[Call]  # newest deadline first, each with its questions
    open_call: Call | None
    cohorts: list[Cohort]  # each with its sessions


def program_page(*, slug: str, now=None) -> ProgramPage:
    """A program with its calls and their questions, and its cohorts and their sessions shown
    to the public: four queries."""
    now = now or timezone.now()
    program = program_by_slug(slug=slug)
    calls = list(
        program.calls.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
        )
    )
    shown = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("starts_at", "id")
    cohorts = list(
        program.cohorts.prefetch_related(Prefetch("sessions", queryset=shown, to_attr="shown"))
    )
    open_call = next((call for call in calls if call.is_open(now=now)), None)
    return ProgramPage(program, calls, open_call, cohorts)


def call_of_program(*, program: Program, pk: int | None = None, now=None) -> Call | None:
    """The call asked for, or the program's call open now (else its latest)."""
    calls = program.calls.select_related("program", "program__host")
    if pk is not None:
        return get_object_or_404(calls, pk=pk)
    now = now or timezone.now()
    return calls.open_now(now=now).order_by("deadline").first() or calls.first()


def questions_of(call: Call) -> list[Question]:
    return list(call.questions.order_by("position", "id"))


def application_by_token(*, token: str) -> Application | None:
    return (
        Application.objects.select_related("call", "call__program", "call__program__host")
        .filter(token=token)
        .first()
    )


def applications_to_review(*, program: Program) -> QuerySet[Application]:
    """A program's applications a reviewer reads (submitted or decided; drafts are their
    authors' own), with their number of reviews and average score, oldest submitted first."""
    applications = (
        Application.objects.filter(call__program=program, status__in=REVIEWABLE)
        .select_related("call")
        .annotate(review_count=Count("reviews"))
        .order_by("submitted_at", "id")
    )
    return applications


def application_to_review(*, program: Program, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.filter(call__program=program, status__in=REVIEWABLE)
        .select_related("call", "call__program")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("id"))
        ),
        pk=pk,
    )


def applications_of(*, user) -> QuerySet[Application]:
    """A person's own applications (made signed in), newest first."""
    return (
        Application.objects.filter(user=user)
        .select_related("call", "call__program")
        .order_by("-created_at", "-id")
    )


def cohort_of(application: Application) -> Cohort | None:
    return Cohort.objects.filter(call_id=application.call_id).first()


def sessions_attended(application: Application) -> int:
    """How many of the cohort's sessions the applicant was checked in at (by their address):
    one query."""
    return (
        Registration.objects.filter(
            event__cohorts__call_id=application.call_id,
            email__iexact=application.email,
            checked_in_at__isnull=False,
        )
        .values("event")
        .distinct()
        .count()
    )
