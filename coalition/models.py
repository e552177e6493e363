import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition import jobs


class Provenance(models.Model):
    """Where a fact or figure comes from, and whether it is an example.

    The portal shows real networks, so every figure and dated fact says who states it; rows that
    only show how the portal works (and did not happen) are examples and are badged as such.
    """

    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Who states it: an organization and the title of its page or report."),
    )
    source_url = models.URLField(_("source link"), blank=True)
    is_example = models.BooleanField(
        _("example"),
        default=False,
        db_index=True,
        help_text=_("Shows how the portal works; it did not happen."),
    )

    # Sources are named as they publish, in English ("Brown's Promise Massachusetts, Our
    # work"): a page in another language marks them so (templates/partials/provenance.html).
    source_lang = "en"

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an email address.

    Everyone signed in is a community member; partner staff and organization
    admins come from partners.Membership; coalition leads are marked here.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )
    is_coalition_lead = models.BooleanField(
        _("coalition lead"),
        default=False,
        help_text=_("Network staff who steer the coalition and see its dashboard."),
    )
    is_example = models.BooleanField(
        _("example"),
        default=False,
        help_text=_("A fictional person who shows how the portal works."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name.split(" ")[0] if self.name else "") or self.email

    def has_perm(self, perm, obj=None):
        """The apps' permissions (django-rules) are answered by their rules alone, from the
        person's cached roles. Django would first ask its model backends, which read the
        person's and their groups' model permissions (two queries a request) though none of
        those grants a rules permission; the admin site's model permissions still go there."""
        if rules.perm_exists(perm):
            return self.is_active and (self.is_superuser or rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)


class AuditLog(models.Model):
    """Append-only record of a change someone made, for the leads to read."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class OutboxEmail(models.Model):
    """An email that must be sent, written in the transaction that causes it.

    A Celery task sends it after commit; a periodic relay hands over any that
    the broker did not take, so an outage delays mail and loses none. The
    dedupe key makes the same message (a reminder for one registration, say)
    impossible to record twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # A worker stopped while the server had the message: it may have been delivered, so it
        # is not sent again on its own; a lead decides (coalition.services.outbox_resend).
        UNKNOWN = "unknown", _("Outcome unknown")

    # Messages no worker will try again: a lead may send them again (/network/emails/).
    WAITING_FOR_A_LEAD = (Status.FAILED, Status.UNKNOWN)

    created_at = models.DateTimeField(auto_now_add=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("A list of [filename, text content, mimetype]."),
    )
    # Extra headers of the message (List-Unsubscribe, say: coalition.emails).
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When the relay may hand a pending message to a worker (the back-off after a failure).
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # Set, with the status "sending", in a transaction committed before the SMTP conversation.
    sending_started_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    # After this, a failure is final until a lead sends the message again.
    give_up_at = models.DateTimeField(_("retried until"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self):
        return self.subject


class Job(models.Model):
    """Work a person started that runs in the background (a CSV import or export), with its
    progress.

    The uploaded text and the exported file are kept in the row, so any worker can run it and
    any web process can serve the result without a shared disk.
    """

    class Kind(models.TextChoices):
        IMPORT_MEASUREMENTS = "import_measurements", _("Import measurements")
        IMPORT_ORGANIZATIONS = "import_organizations", _("Import organizations")
        EXPORT_DASHBOARD = "export_dashboard", _("Dashboard export")

    # The kinds a lead starts by uploading a file (/network/imports/).
    IMPORT_KINDS = (Kind.IMPORT_MEASUREMENTS, Kind.IMPORT_ORGANIZATIONS)

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Nothing was changed")

    # What runs each kind, and its page: coalition.jobs, filled by the apps that offer them.
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    payload = models.TextField(_("uploaded text"), blank=True)
    output = models.TextField(_("file produced"), blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    # Written when the job is claimed and with each progress step: a running job without one
    # for JOB_STALE_AFTER seconds lost its worker (coalition.services.job_relay).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse(jobs.kind_of(self.kind).page, kwargs={"pk": self.pk})

    @property
    def is_export(self) -> bool:
        return self.kind == self.Kind.EXPORT_DASHBOARD

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
