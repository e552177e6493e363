"""Stories of the network: what partners and their people did, told in English and Spanish,
with an image, approved by a lead before anyone else reads them."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.models import Provenance
from coalition.search import Document
from coalition.validators import LONG_TEXT, validate_plain_text
from communities.models import Community
from initiatives.models import Initiative
from partners.models import Organization

SUMMARY_TEXT = 400
BODY_TEXT = 10000

# What the site search reads of a story (coalition.search): its title, summary and text in each
# language.
STORY_DOCUMENT = Document(title="title", body=("summary", "body"))


def image_name(instance, filename: str) -> str:
    """An unguessable name in storage (the image is served by a view that checks who may see
    it, never from a public path); the extension is the one the content proved."""
    extension = filename.rpartition(".")[2].lower() or "img"
    return f"stories/{secrets.token_urlsafe(24)}.{extension}"


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Story.Status.APPROVED, published_at__isnull=False)


class Story(Provenance):
    """A story told by partner staff or a lead for an organization. Written as a draft,
    submitted for review, then approved by a lead (published) or returned with a reason for the
    author to change and submit again. Both languages are required to submit: a published
    story never falls back to the other language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Published")
        RETURNED = "returned", _("Returned for changes")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=SUMMARY_TEXT,
        validators=[MaxLengthValidator(SUMMARY_TEXT)],
        help_text=_("One or two sentences, shown in the list, the feed and the newsletter."),
    )
    body = models.TextField(
        _("story"),
        blank=True,
        max_length=BODY_TEXT,
        validators=[MaxLengthValidator(BODY_TEXT)],
    )
    image = models.FileField(_("image"), upload_to=image_name, max_length=200, blank=True)
    image_type = models.CharField(_("image type"), max_length=20, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        validators=[validate_plain_text],
        help_text=_("What the image shows, for people who cannot see it."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="stories",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), blank=True, related_name="stories"
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), blank=True, related_name="stories"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(
        _("reason for returning"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(published_at__isnull=False),
                name="story_published_has_a_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="story_status_published"),
            models.Index(fields=["status", "submitted_at"], name="story_status_submitted"),
            *STORY_DOCUMENT.indexes("story"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", kwargs={"slug": self.slug})

    def get_image_url(self):
        return reverse("stories:image", kwargs={"slug": self.slug}) if self.image else ""

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_editable(self) -> bool:
        """Its author changes it while it is a draft or was returned; not while a lead reads
        it, nor once published."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
