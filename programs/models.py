"""Programs the networks run (leadership cohorts, academies, calls for pilot schools): the calls
they open with their questions, the applications people send, the reviews of them, and the
cohorts the accepted people form, whose sessions are events."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coalition.models import Provenance
from coalition.search import Document
from coalition.translation import in_language, localized
from coalition.validators import (
    LONG_TEXT,
    NOTE_TEXT,
    validate_date_in_range,
    validate_plain_text,
)
from events.models import Event
from initiatives.models import Initiative
from partners.models import Organization

SHORT_ANSWER = 300
LONG_ANSWER = 5_000

# What the site search reads of a program (coalition.search): its name, summary and description
# in each language (never a call's questions nor anyone's answers).
PROGRAM_DOCUMENT = Document(title="name", body=("summary", "description"))


def new_application_token() -> str:
    """The secret of an application's private link: 256 random bits."""
    return secrets.token_urlsafe(32)


class Program(Provenance):
    """A program a network runs for people who apply: Leaders for Just Schools, the Educator
    Voice Academies, the New Skills ready network's call for pilot high schools."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), blank=True, max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)]
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    host = models.ForeignKey(
        Organization,
        verbose_name=_("host organization"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("sessions to attend for a certificate"),
        default=1,
        validators=[MinValueValidator(1)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = [in_language("name"), "id"]
        indexes = [
            models.Index(fields=["host"]),
            models.Index(fields=["initiative"]),
            *PROGRAM_DOCUMENT.indexes("program"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:detail", kwargs={"slug": self.slug})


class CallQuerySet(models.QuerySet):
    def open_now(self, *, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, deadline__gt=now)


class Call(Provenance):
    """A program's call for applications: open from `opens_at` to `deadline`, with who may
    apply (eligibility) and the questions asked."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    eligibility = models.TextField(
        _("who may apply"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
    )
    opens_at = models.DateTimeField(_("opens"), validators=[validate_date_in_range])
    deadline = models.DateTimeField(_("deadline"), validators=[validate_date_in_range])

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")), name="call_deadline_after_opening"
            )
        ]
        indexes = [models.Index(fields=["program", "deadline"])]

    def __str__(self):
        return f"{self.program}: {self.title}"

    def is_open(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.deadline


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT = "short", _("Short text")
        LONG = "long", _("Long text")
        CHOICE = "choice", _("Choice")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="questions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SHORT)
    prompt = models.CharField(_("question"), max_length=500)
    choices = models.TextField(
        _("choices"),
        blank=True,
        max_length=NOTE_TEXT,
        help_text=_("For a choice: one option a line, in the same order in both languages."),
    )
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.prompt

    def options(self, language: str | None = None) -> list[str]:
        """The choices as the reader reads them (their language's lines, else English)."""
        text = str(localized(self, "choices", language=language))
        return [line.strip() for line in text.splitlines() if line.strip()]

    def stored_options(self) -> list[str]:
        """The choices as stored in an answer: the English lines (the same order in both)."""
        text = self.choices_en or self.choices_es or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class Application(models.Model):
    """One person's application to a call, by the address they confirmed (or their account's):
    a draft saved as often as they like, then submitted once, and decided by a reviewer."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", pgettext_lazy("application status", "Email to confirm")
        DRAFT = "draft", pgettext_lazy("application status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
        DECLINED = "declined", pgettext_lazy("application status", "Declined")
        WAITLISTED = "waitlisted", pgettext_lazy("application status", "On the waiting list")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_applications",
    )
    name = models.CharField(_("name"), max_length=150, validators=[validate_plain_text])
    email = models.EmailField(_("email address"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_application_token, editable=False
    )
    decision_reason = models.TextField(
        _("reason for the decision"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
    )
    is_example = models.BooleanField(_("example"), default=False)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "email"], name="one_application_per_email"),
        ]
        indexes = [
            models.Index(fields=["call", "status", "submitted_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self):
        return f"{self.name} — {self.call}"

    def get_absolute_url(self):
        return reverse("programs:application", kwargs={"token": self.token})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    @property
    def can_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE


DECIDED = (
    Application.Status.ACCEPTED,
    Application.Status.DECLINED,
    Application.Status.WAITLISTED,
)
# Before a decision, or to leave the cohort once accepted (a waiting list is a decision pending).
WITHDRAWABLE = (
    Application.Status.UNCONFIRMED,
    Application.Status.DRAFT,
    Application.Status.SUBMITTED,
    Application.Status.WAITLISTED,
    Application.Status.ACCEPTED,
)
REVIEWABLE = (Application.Status.SUBMITTED, *DECIDED)


class Review(models.Model):
    """A reviewer's score of an application (1 to 5) and why: every score is kept."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="program_reviews",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.TextField(
        _("reason"), max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)]
    )
    created_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="review_score_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.score}"


class Cohort(Provenance):
    """The people accepted to a call, together: they are registered for its sessions (events),
    and attend them at the events' check-in."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="cohorts"
    )
    call = models.OneToOneField(
        Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="cohort"
    )
    name = models.CharField(_("name"), max_length=200)
    sessions = models.ManyToManyField(
        Event, verbose_name=_("sessions"), blank=True, related_name="cohorts"
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["program", "id"]

    def __str__(self):
        return self.name
