import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.translation import in_language
from coalition.validators import LONG_TEXT, validate_plain_text


class Community(models.Model):
    """A city, town or neighborhood where the network works and listens: Lynn, Springfield,
    Holyoke, Boston… Events, suggested places and sites point to one; organizations name
    those they work in."""

    class Kind(models.TextChoices):
        CITY = "city", _("City or town")
        NEIGHBORHOOD = "neighborhood", _("Neighborhood")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="neighborhoods",
        help_text=_("The city a neighborhood belongs to."),
    )
    state = models.CharField(_("state"), max_length=2, default="MA")
    listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_(
            "Shown on the communities pages and offered in forms and filters. A town someone "
            "suggests that the network does not know yet waits unlisted until a lead reviews it."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = [in_language("name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})


# A follow hears about new sessions, answers to what was heard, or both: never nothing.
TOPIC_REQUIRED = _("Choose at least one thing to hear about.")


def new_follow_token() -> str:
    """The secret of a follow's links (confirm, unsubscribe), as a registration's manage link:
    256 random bits."""
    return secrets.token_urlsafe(32)


class FollowQuerySet(models.QuerySet):
    def active(self):
        """Not unsubscribed (confirmed or waiting for its confirmation)."""
        return self.filter(unsubscribed_at__isnull=True)

    def confirmed(self):
        """Those that get the digest: confirmed, not unsubscribed."""
        return self.active().filter(confirmed_at__isnull=False)

    def of_communities(self):
        return self.filter(community__isnull=False)

    def newsletter(self):
        """Subscriptions to the network newsletter: follows with no community."""
        return self.filter(community__isnull=True)


class Follow(models.Model):
    """Someone who asked to hear by email what changes in a community: new sessions there, and
    answers to what was heard at its sessions. No account needed; nothing is sent but the
    confirmation until the link in it is followed (double opt-in). Unsubscribing keeps the row
    without the address or name, so the link still says what it did.

    A follow with no community is a subscription to the whole network's newsletter (new
    stories, sessions and resources, once a month: portal/newsletter.py): the same opt-in,
    links and unsubscribe."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
        help_text=_("Empty: the network newsletter."),
    )
    email = models.EmailField(_("email address"), blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True, validators=[validate_plain_text])
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    new_sessions = models.BooleanField(_("new sessions"), default=True)
    answers = models.BooleanField(_("answers to what was heard"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_follows",
    )
    token = models.CharField(max_length=64, unique=True, default=new_follow_token, editable=False)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_sessions=True) | Q(answers=True),
                name="follow_hears_about_something",
            ),
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=Q(unsubscribed_at__isnull=True),
                name="one_active_follow_per_email",
            ),
            # The network newsletter (no community): one active subscription per address.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(unsubscribed_at__isnull=True, community__isnull=True),
                name="one_active_newsletter_follow_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["confirmed_at", "unsubscribed_at"]),
            # The person's follows on /me/ (communities.selectors.follows_of): their user id
            # OR a case-insensitive match on their address, each from an index.
            models.Index(Upper("email"), name="follow_email_upper"),
        ]

    def __str__(self):
        return f"{self.community or _('Newsletter')}: {self.email or '-'}"

    @property
    def is_newsletter(self) -> bool:
        """A subscription to the network newsletter, not a community's follow."""
        return self.community_id is None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_active(self) -> bool:
        return self.unsubscribed_at is None

    def confirm_expires_at(self):
        return self.created_at + dt.timedelta(days=settings.FOLLOW_CONFIRM_DAYS)
