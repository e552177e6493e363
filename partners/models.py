import datetime as dt

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.search import Document
from coalition.translation import in_language
from coalition.validators import LONG_TEXT
from communities.models import Community


class Sector(models.TextChoices):
    SCHOOLS = "schools", _("Schools and districts")
    HIGHER_ED = "higher_ed", _("Universities and colleges")
    EARLY_CARE = "early_care", _("Early care and education")
    COMMUNITY = "community", _("Community organizations")
    ADVOCACY = "advocacy", _("Advocacy, research and policy")
    LABOR = "labor", _("Labor")
    EMPLOYER = "employer", _("Employers and workforce")
    FUNDER = "funder", _("Funders")
    GOVERNMENT = "government", _("State and city agencies")


# What the site search and the directory's keyword box read of an organization
# (coalition.search).
ORGANIZATION_DOCUMENT = Document(title="name", body=("description",), plain=("city",))


class OrganizationQuerySet(models.QuerySet):
    def awaiting_decision(self):
        """Applications to join the network that no lead has decided on yet."""
        return self.filter(approved=False, decided_at__isnull=True)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    communities = models.ManyToManyField(
        Community,
        verbose_name=_("communities it works in"),
        related_name="organizations",
        blank=True,
    )
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("For example Greater Boston.")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    approved = models.BooleanField(
        _("approved"),
        default=False,
        help_text=_("Only approved organizations appear in the directory."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # An application to join the network is an unapproved organization nobody has decided on
    # yet; a declined one stays unapproved with its decision recorded.
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = [in_language("name")]
        indexes = [
            models.Index(fields=["approved", "sector"]),
            models.Index(fields=["approved", "city"]),
            # The directory's order, by name in each language, of the listed organizations.
            *(
                models.Index(
                    in_language("name", language=code),
                    condition=Q(approved=True),
                    name=f"organization_listed_name_{code}",
                )
                for code, _name in settings.LANGUAGES
            ),
            *ORGANIZATION_DOCUMENT.indexes("organization"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    """A person's place at an organization, and how they came to it."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        ADMIN = "admin", _("Organization admin")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = [in_language("organization__name"), "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_one_per_user_and_org"
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "role"])]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (an expired one stays open until replaced or revoked)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An invitation to join an organization, sent by email.

    The link carries a signed, expiring token of this row's key; accepted_at
    makes it usable once.
    """

    # The link's signature holds the time it was made, with this salt; it works this long.
    TOKEN_SALT = "partners.invitation"
    MAX_AGE = dt.timedelta(days=7)

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email_and_org",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @property
    def expires_at(self):
        return self.created_at + self.MAX_AGE

    @property
    def has_expired(self) -> bool:
        return timezone.now() >= self.expires_at
