import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import (
    BooleanField,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coalition.models import Provenance
from coalition.search import Document, Extra
from coalition.validators import LONG_TEXT, NOTE_TEXT, validate_date_in_range, validate_plain_text
from communities.models import Community
from initiatives.models import DemonstrationSite, Initiative, Objective
from partners.models import Organization


class Language(models.TextChoices):
    """Languages people in the network's communities ask for most."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    CAPE_VERDEAN = "kea", _("Cape Verdean Creole")
    VIETNAMESE = "vi", _("Vietnamese")
    KHMER = "km", _("Khmer")
    CHINESE = "zh", _("Chinese")
    ARABIC = "ar", _("Arabic")
    ASL = "ase", _("American Sign Language")


def new_manage_token():
    return secrets.token_urlsafe(32)


def default_reminder_hours():
    return [48, 2]


def with_languages(events) -> None:
    """Read the languages of `events` (a list read without them, `.prefetch_related(None)`),
    as `for_public_pages` does: for the cards a list renders, not those it kept."""
    models.prefetch_related_objects(list(events), "languages")


# Passed to the {% keep_each %} of event cards (coalition.fragments).
with_languages.do_not_call_in_templates = True


class EventQuerySet(models.QuerySet):
    """The reads every page makes of events, on `Event.objects` and on every reverse relation
    (`initiative.events.upcoming()`), so that an app below events can show its rows without
    importing it."""

    def shown(self):
        """Published or cancelled: what an event page answers for (a draft is 404)."""
        return self.filter(status__in=SHOWN_STATUSES)

    def with_seats(self):
        """With seats left, and whether the event has started or is over.

        Seats left is capacity minus the confirmed registrations (the `seats_taken` counter,
        read from the row: no join, whatever the number of registrations); it is NULL when
        capacity is (no limit). Waitlisted and cancelled ones take no seat.
        """
        now = timezone.now()
        return self.annotate(
            seats_left=ExpressionWrapper(
                F("capacity") - F("seats_taken"), output_field=IntegerField()
            ),
            has_started=ExpressionWrapper(Q(starts_at__lte=now), output_field=BooleanField()),
            has_ended=ExpressionWrapper(Q(ends_at__lte=now), output_field=BooleanField()),
        )

    def for_public_pages(self):
        """With what every public page shows: seats left, whether started or over, and the
        languages spoken (`spoken_languages`) and interpreted (`interpretation_languages`)."""
        return self.with_seats().prefetch_related("languages")

    def not_ended(self, now=None):
        """Events that end after `now` (default: now).

        Besides `ends_at > now`, the start is bounded below by now minus the longest event's
        length (read from an index, `event_length`): implied by the first condition, so the
        rows are the same, but the (status, starts_at) index is then read from about now on
        instead of from the first event ever, so the lists do not grow with past events."""
        now = now or timezone.now()
        longest = (
            Event.objects.order_by()
            .annotate(length=EVENT_LENGTH)
            .order_by("-length")
            .values("length")[:1]
        )
        earliest = ExpressionWrapper(
            Value(now, output_field=DateTimeField())
            - Subquery(longest, output_field=DurationField()),
            output_field=DateTimeField(),
        )
        return self.filter(ends_at__gt=now, starts_at__gt=earliest)

    def ended(self, now=None):
        """Events that ended at or before `now` (default: now); their start is before it too
        (`event_ends_after_start`), which lets the (status, starts_at) index stop at now."""
        now = now or timezone.now()
        return self.filter(ends_at__lte=now, starts_at__lt=now)

    def upcoming(self):
        """Published events that have not ended, soonest first, ready for events/_card.html."""
        return (
            self.filter(status=Event.Status.PUBLISHED)
            .for_public_pages()
            .not_ended()
            .order_by("starts_at", "id")
        )


# An event's length, indexed (`event_length`): the longest bounds the start of those not ended.
EVENT_LENGTH = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())


# What the site search reads of an event (coalition.search): its title and texts, and what it
# offers in words people type, in each language.
SEARCH_DOCUMENT = Document(
    title="title",
    body=("description", "accessibility_notes"),
    plain=("venue", "city"),
    extras=(
        Extra(
            Q(childcare_offered=True),
            {"en": "childcare child care", "es": "cuidado infantil cuidado de niños guardería"},
        ),
        Extra(
            lambda: Q(
                Exists(EventLanguage.objects.filter(event=OuterRef("pk"), interpretation=True))
            ),
            {"en": "interpretation interpreter", "es": "interpretación intérprete"},
        ),
    ),
)


class Event(Provenance):
    class Kind(models.TextChoices):
        LISTENING_SESSION = "listening_session", _("Community listening session")
        WEBINAR = "webinar", _("Webinar")
        WORKING_MEETING = "working_meeting", _("Working meeting")
        COHORT_SESSION = "cohort_session", _("Cohort session")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    # Each status in a context of its own: Spanish agrees with the noun ("el evento: cancelado",
    # "la inscripción: cancelada").
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("event status", "Draft")
        PUBLISHED = "published", pgettext_lazy("event status", "Published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    site = models.ForeignKey(
        DemonstrationSite,
        verbose_name=_("community or site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    hosts = models.ManyToManyField(
        Organization, verbose_name=_("host organizations"), related_name="events", blank=True
    )
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_in_range])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_date_in_range])
    hours_stated = models.BooleanField(
        _("hours stated"),
        default=True,
        help_text=_("Off when the source gives the date but not the hours."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    accessibility_notes = models.TextField(
        _("accessibility"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
    )
    transit_notes = models.TextField(
        _("getting there"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to confirmed registrants.")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    # Confirmed registrations, kept by the services that confirm, cancel or promote, with an F()
    # update on the locked row (events.services.seats): pages read seats left without a count.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    waitlist_enabled = models.BooleanField(_("waiting list open when full"), default=True)
    childcare_offered = models.BooleanField(_("childcare offered"), default=False)
    reminder_hours = models.JSONField(
        _("reminders (hours before)"), default=default_reminder_hours, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    recording_url = models.URLField(_("recording"), blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
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

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__gte=0), name="event_seats_taken_not_negative"
            ),
        ]
        indexes = [
            # With the end (and whether an example), so that the lists' counts read the index
            # alone.
            models.Index(
                fields=["status", "starts_at", "ends_at", "is_example"],
                name="event_status_start_end",
            ),
            # The longest event, read by EventQuerySet.not_ended.
            models.Index(EVENT_LENGTH, name="event_length"),
            models.Index(fields=["kind", "starts_at"]),
            models.Index(fields=["format", "starts_at"]),
            models.Index(fields=["site", "starts_at"]),
            models.Index(fields=["community", "starts_at"]),
            models.Index(fields=["initiative", "starts_at"]),
            *SEARCH_DOCUMENT.indexes("event"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The counter changes only by an F() update on the locked row: a save of a copy read
        # earlier (the admin's form, an organizer's edit) must not write an old count back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname != "seats_taken"
            ]
        super().save(*args, **kwargs)

    @property
    def starts_shown(self) -> dt.datetime | dt.date:
        """When it starts, as far as it is known: the moment, or only the day (Massachusetts
        time) when the hours are not stated."""
        return self.starts_at if self.hours_stated else timezone.localdate(self.starts_at)

    # Both from the languages read with the event (`for_public_pages()`, `with_languages`),
    # else one query.
    @property
    def spoken_languages(self) -> list["EventLanguage"]:
        return [language for language in self.languages.all() if not language.interpretation]

    @property
    def interpretation_languages(self) -> list["EventLanguage"]:
        return [language for language in self.languages.all() if language.interpretation]

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})


# An event page answers for these; a draft is nobody's business but its organizers'.
SHOWN_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


class EventLanguage(models.Model):
    """A language at an event: spoken there, or offered through an interpreter."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    interpretation = models.BooleanField(
        _("through an interpreter"),
        default=False,
        help_text=_("Unticked: the session is held in this language."),
    )

    class Meta:
        verbose_name = _("event language")
        verbose_name_plural = _("event languages")
        ordering = ["interpretation", "language"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language"], name="event_language_once"),
        ]
        indexes = [models.Index(fields=["language", "event"])]

    def __str__(self):
        return self.get_language_display()


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITLISTED = "waitlisted", pgettext_lazy("registration status", "On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    # No index of its own: the (event, status, created_at) one below serves every lookup by
    # event, and each index is written again by every registration.
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    interpretation_language = models.CharField(
        _("interpretation into"), max_length=5, choices=Language.choices, blank=True
    )
    children_count = models.PositiveSmallIntegerField(_("children needing childcare"), default=0)
    needs_transportation = models.BooleanField(_("needs help with transportation"), default=False)
    accessibility_needs = models.TextField(
        _("accessibility accommodations"),
        blank=True,
        max_length=NOTE_TEXT,
        validators=[MaxLengthValidator(NOTE_TEXT)],
    )
    consented_at = models.DateTimeField(_("agreed to the privacy notice"), null=True)
    # A text reminder the day before, asked for on registration (with a phone number): when the
    # person agreed, and what the reminder scan did (claimed for sending, sent, failed tries).
    text_reminder_consented_at = models.DateTimeField(
        _("agreed to a text reminder"), null=True, blank=True
    )
    text_reminder_sending_at = models.DateTimeField(null=True, blank=True, editable=False)
    text_reminder_sent_at = models.DateTimeField(_("text reminder sent"), null=True, blank=True)
    text_reminder_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Unique by a constraint, not `unique=True`: the same index, without the second one that
    # PostgreSQL would get for LIKE queries, which nothing makes of a token.
    manage_token = models.CharField(max_length=64, default=new_manage_token, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # Set with the insert, cleared when the confirmation (or waiting-list) email is queued after
    # commit: a process that died in between leaves it set, and the relay queues that email.
    confirmation_pending = models.BooleanField(default=False, editable=False)
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True)
    # When the survey after the session was queued (events.services.feedback): never twice.
    feedback_invited_at = models.DateTimeField(
        _("asked for feedback"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(children_count__gte=0), name="registration_children_not_negative"
            ),
            models.UniqueConstraint(fields=["manage_token"], name="registration_manage_token"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            # The person's registrations on /me/ (events.selectors.registrations_of): a
            # case-insensitive match on their address, OR-ed with their user id (a BitmapOr of
            # this index and the user_id one; a plain index on email cannot serve UPPER()).
            models.Index(Upper("email"), name="registration_email_upper"),
            # The leads' dashboard counts registrations by the month they came.
            models.Index(fields=["created_at"]),
            # The few whose confirmation is still to be queued, for the relay.
            models.Index(
                fields=["created_at"],
                condition=Q(confirmation_pending=True),
                name="registration_confirm_due",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.event}"


class Audience(models.TextChoices):
    """Whom an organizer's message goes to."""

    CONFIRMED = "confirmed", _("People with a confirmed seat")
    WAITLISTED = "waitlisted", _("People on the waiting list")
    ALL = "all", _("Everyone registered")


class LocationSuggestion(models.Model):
    """Where someone would like the next listening session to be held."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("suggestion status", "New")
        CONSIDERING = "considering", pgettext_lazy("suggestion status", "Considering")
        SCHEDULED = "scheduled", pgettext_lazy("suggestion status", "Scheduled")
        DECLINED = "declined", pgettext_lazy("suggestion status", "Declined")

    place = models.CharField(_("place"), max_length=200)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    reason = models.TextField(
        _("why there"), max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)]
    )
    contact_name = models.CharField(_("your name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("your email"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("became the event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    is_example = models.BooleanField(_("example"), default=False)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    class Meta:
        verbose_name = _("location suggestion")
        verbose_name_plural = _("location suggestions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "community"]),
            models.Index(fields=["created_at"]),  # the dashboard's date range
        ]

    def __str__(self):
        return f"{self.place}, {self.community}"


class SessionReport(Provenance):
    """What we heard at a session, published afterwards in English and Spanish."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="report"
    )
    summary = models.TextField(
        _("summary"),
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")
        ordering = ["-event__starts_at"]

    def __str__(self):
        return str(self.event)


class ThemeQuerySet(models.QuerySet):
    def published(self):
        """Themes anyone may read: of a report already published, of an event page that is
        shown (`objective.themes.published()` on an objective's page)."""
        return self.filter(
            report__published_at__lte=timezone.now(), report__event__status__in=SHOWN_STATUSES
        )


class Theme(models.Model):
    """Something people said at a session, linked to the objectives that answer it."""

    report = models.ForeignKey(
        SessionReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="themes"
    )
    title = models.CharField(_("theme"), max_length=200)
    description = models.TextField(
        _("what we heard"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives that answer it"), related_name="themes", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["report", "position", "id"]

    def __str__(self):
        return self.title


class Met(models.TextChoices):
    """Whether a need the person asked for was met at the session."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


# The needs a registration can ask for, each with its answer's field on Feedback.
FEEDBACK_NEEDS = {
    "interpretation": _("Interpretation"),
    "childcare": _("Childcare"),
    "ride": _("Transportation"),
    "access": _("Accessibility accommodations"),
}
FEEDBACK_TEXT = 1_000  # characters of "what should we do next"


class Feedback(models.Model):
    """What a person who came thought of a session: one answer per registration, through their
    private manage link. A need the person did not ask for is left blank."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    # The registration's event, kept on the row so that the organizers' results and the
    # dashboard group answers by session (and community) through one index, without the
    # registrations.
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="feedback"
    )
    usefulness = models.PositiveSmallIntegerField(_("how useful it was"))
    interpretation_met = models.CharField(
        _("interpretation met"), max_length=6, choices=Met.choices, blank=True
    )
    childcare_met = models.CharField(
        _("childcare met"), max_length=6, choices=Met.choices, blank=True
    )
    ride_met = models.CharField(
        _("transportation met"), max_length=6, choices=Met.choices, blank=True
    )
    access_met = models.CharField(
        _("accessibility met"), max_length=6, choices=Met.choices, blank=True
    )
    next_steps = models.TextField(
        _("what we should do next"),
        blank=True,
        max_length=FEEDBACK_TEXT,
        validators=[MaxLengthValidator(FEEDBACK_TEXT), validate_plain_text],
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5),
                name="feedback_usefulness_1_to_5",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{need}_met__in": ["", *Met.values]}),
                    name=f"feedback_{need}_met_choice",
                )
                for need in FEEDBACK_NEEDS
            ),
        ]
        indexes = [
            # The organizers' results count by score for one event; the dashboard groups by
            # event (and so community).
            models.Index(fields=["event", "usefulness"]),
        ]

    def __str__(self):
        return f"{self.registration} ({self.usefulness}/5)"
