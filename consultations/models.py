"""Drafts open for public comment: a document in sections, and the comments people send on it,
confirmed by email and approved by a lead before anyone else reads them."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.models import Provenance
from coalition.validators import (
    LONG_TEXT,
    NOTE_TEXT,
    validate_date_in_range,
    validate_plain_text,
)
from initiatives.models import Initiative, Milestone
from partners.models import Organization


class DocumentQuerySet(models.QuerySet):
    """The reads every page makes of documents, also on the reverse relations
    (`initiative.consultation_documents.open_now()`), so that an app below can show them."""

    def published(self):
        """Given an opening date: on the public list (open, closed, or opening soon)."""
        return self.filter(opens_at__isnull=False)

    def open_now(self, *, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def in_list_order(self, *, now=None):
        """Open ones first, closing soonest first; then the others, newest first."""
        now = now or timezone.now()
        return self.annotate(
            open_rank=Case(
                When(opens_at__lte=now, closes_at__gt=now, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("open_rank", "closes_at", "-opens_at", "id")


class Document(Provenance):
    """A draft published for comment (a policy agenda, say), by a host organization, open from
    `opens_at` to `closes_at`. Without `opens_at` it is a draft only its editors see."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Opens soon")
        OPEN = "open", _("Open for comment")
        CLOSED = "closed", _("Closed for comment")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    host = models.ForeignKey(
        Organization,
        verbose_name=_("host organization"),
        on_delete=models.PROTECT,
        related_name="consultation_documents",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_documents",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_documents",
    )
    opens_at = models.DateTimeField(
        _("opens for comment"), null=True, blank=True, validators=[validate_date_in_range]
    )
    closes_at = models.DateTimeField(
        _("closes for comment"), null=True, blank=True, validators=[validate_date_in_range]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document for comment")
        verbose_name_plural = _("documents for comment")
        ordering = ["-opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | (Q(closes_at__isnull=False) & Q(closes_at__gt=models.F("opens_at"))),
                name="document_closes_after_it_opens",
            ),
        ]
        indexes = [models.Index(fields=["opens_at", "closes_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    def clean(self):
        """The dates' constraint, said next to the field it concerns."""
        super().clean()
        if self.opens_at and not self.closes_at:
            raise ValidationError({"closes_at": _("Give the closing date for comments.")})
        if self.closes_at and not self.opens_at:
            raise ValidationError({"opens_at": _("Give the date it opens for comment.")})
        if self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing date must come after the opening.")})

    def validate_constraints(self, exclude=None):
        # document_closes_after_it_opens is clean()'s, with its message next to the field.
        super().validate_constraints(exclude={*(exclude or ()), "closes_at"})

    def status_at(self, now: dt.datetime) -> str:
        if self.opens_at is None or self.closes_at is None:  # (a form being corrected)
            return self.Status.DRAFT
        if now < self.opens_at:
            return self.Status.SCHEDULED
        if now < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Section(models.Model):
    """A part of a document, commented on by itself."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(
        _("text"), blank=True, max_length=LONG_TEXT, validators=[MaxLengthValidator(LONG_TEXT)]
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["document", "position"])]

    def __str__(self):
        return self.heading


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(models.Model):
    """What someone wrote about a document (or one of its sections). Shown to the public only
    once its email address is confirmed (unconfirmed -> pending) and a lead approved it."""

    # The confirmation link signs the comment's key with this salt; it works this long.
    TOKEN_SALT = "consultations.comment"
    CONFIRM_MAX_AGE = dt.timedelta(days=3)

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email not confirmed")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text=_("Empty: the whole document."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    text = models.TextField(
        _("comment"),
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT), validate_plain_text],
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="hidden") | ~Q(hidden_reason=""),
                name="comment_hidden_with_a_reason",
            ),
        ]
        indexes = [
            # A document's approved comments; the leads' queue of pending ones.
            models.Index(fields=["document", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self):
        return f"{self.name} on {self.document}"
