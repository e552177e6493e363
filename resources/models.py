"""The resource library: recordings, slides, briefs, reports and transcripts the networks
publish, each a link to where it is published or a file uploaded here, linked to the
initiatives, focus areas, events and communities it belongs to."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalition.models import Provenance
from coalition.search import Document
from coalition.translation import localized
from coalition.validators import NOTE_TEXT, validate_date_in_range
from communities.models import Community
from events.models import Event
from initiatives.models import FocusArea, Initiative
from partners.models import Organization


def stored_name(instance, filename: str) -> str:
    """A random name (128 bits) in resources/, with the checked kind's extension: nothing
    about the file, its title or its uploader can be guessed from it."""
    extension = PurePath(filename).suffix.lower()[:10]
    return f"resources/{secrets.token_urlsafe(24)}{extension}"


# What the site search reads of a resource (coalition.search): its title and summary in each
# language, and its publisher's name.
RESOURCE_DOCUMENT = Document(title="title", body=("summary",), plain=("source",))


class ResourceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Resource.Visibility.PUBLIC)

    def visible_to(self, *, partners: bool):
        """Public ones; with partners-only ones for partner staff and leads."""
        return self if partners else self.public()


class Resource(Provenance):
    """One resource. Its publisher is `source` (and `source_url` its public page, from
    Provenance), `published_on` its as-of date. It is either a link (`url`) or a file uploaded
    here (`file`, stored under a random name, served only through the file view); a resource
    its publisher names without an address has neither, only the publisher's page."""

    class Kind(models.TextChoices):
        RECORDING = "recording", _("Recording")
        SLIDES = "slides", _("Slides")
        BRIEF = "brief", _("Brief")
        REPORT = "report", _("Report")
        TRANSCRIPT = "transcript", _("Transcript")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        BOTH = "both", _("English and Spanish")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTNERS = "partners", _("Partners only")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
        help_text=_("What it holds, in a few lines."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language of the resource"),
        max_length=4,
        choices=Language.choices,
        default=Language.ENGLISH,
    )
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Where it is published (a video, a page)."),
    )
    file = models.FileField(_("file"), upload_to=stored_name, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    published_on = models.DateField(
        _("published on"),
        validators=[validate_date_in_range],
        help_text=_("The date its publisher gives it: what it says is as of this date."),
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("added by organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), related_name="resources", blank=True
    )
    focus_areas = models.ManyToManyField(
        FocusArea,
        verbose_name=_("focus areas or questions"),
        related_name="resources",
        blank=True,
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("events"), related_name="resources", blank=True
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), related_name="resources", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url="") | Q(file=""),
                name="resource_link_or_file_not_both",
            ),
        ]
        indexes = [
            # The list: by visibility, newest first; its filters by kind and language.
            models.Index(fields=["visibility", "-published_on", "-id"], name="resource_list_idx"),
            models.Index(fields=["kind", "visibility"], name="resource_kind_idx"),
            models.Index(fields=["language", "visibility"], name="resource_language_idx"),
            models.Index(fields=["created_at"], name="resource_created_idx"),
            *RESOURCE_DOCUMENT.indexes("resource"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})

    def get_file_url(self):
        return reverse("resources:file", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def address(self) -> str:
        """Where a reader finds it: the link, else the file's page here (absolute), else the
        publisher's page; "" when its publisher gives none."""
        if self.url:
            return self.url
        if self.file:
            return settings.SITE_URL + self.get_file_url()
        return self.source_url

    def clean(self):
        super().clean()
        if self.url and self.file:
            raise ValidationError(
                {"url": _("Give a link or a file, not both: the link is where it is published.")}
            )
        if not (self.url or self.file or self.source_url):
            raise ValidationError(
                {"url": _("Give the link to where it is published, or upload its file.")}
            )

    def citation(self, *, language: str | None = None) -> str:
        """ "Publisher. Title. Kind, date. URL", in the reader's language."""
        title = localized(self, "title", language=language).text.rstrip(".")
        parts = {
            "publisher": (self.source or gettext("Unknown publisher")).rstrip("."),
            "title": title,
            "kind": self.get_kind_display(),
            "date": formats.date_format(self.published_on, "DATE_FORMAT"),
        }
        text = gettext("%(publisher)s. %(title)s. %(kind)s, %(date)s.") % parts
        address = self.address
        return f"{text} {address}" if address else text
