from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coalition.models import Provenance
from coalition.search import Document
from coalition.translation import in_language, localized
from coalition.validators import LONG_TEXT, NOTE_TEXT, validate_date_in_range
from communities.models import Community
from partners.models import Organization

# What the site search reads of each (coalition.search).
INITIATIVE_DOCUMENT = Document(
    title="name", body=("short_name", "summary", "vision", "description")
)
OBJECTIVE_DOCUMENT = Document(title="title", body=("description",))
UPDATE_DOCUMENT = Document(title=None, body=("narrative",))


class Initiative(models.Model):
    """A shared effort of the network; initiatives can nest (Campus Without Walls)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    summary = models.TextField(
        _("summary"),
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    vision = models.TextField(
        _("vision"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    website = models.URLField(_("website"), blank=True)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    partners = models.ManyToManyField(
        Organization,
        through="InitiativePartner",
        related_name="initiatives",
        verbose_name=_("partners"),
    )
    # Its approved partner organizations, kept by every write that changes them
    # (services.initiative_partners_recount): pages rank and show it without counting.
    partner_count = models.PositiveIntegerField(_("partners"), default=0, editable=False)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = [in_language("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="initiative_ends_after_start",
            ),
        ]
        indexes = [
            *INITIATIVE_DOCUMENT.indexes("initiative"),
            # The home page's largest top-level initiatives.
            models.Index(
                F("partner_count").desc(),
                name="initiative_top_by_partners",
                condition=Q(parent__isnull=True),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    @property
    def label(self):
        """Its short name, else its name, in the reader's language where it has them."""
        return localized(self, "label").text

    # The label in each language, for `localized(initiative, "label")` and `|tr:"label"`.
    @property
    def label_en(self):
        return self.short_name_en or self.name_en

    @property
    def label_es(self):
        return self.short_name_es or self.name_es


class PartnerRole(models.TextChoices):
    SITE_LEAD = "site_lead", _("Site lead")
    LEADERSHIP_TEAM = "leadership_team", _("Leadership team")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("initiative partner")
        verbose_name_plural = _("initiative partners")
        ordering = [in_language("initiative__name"), in_language("organization__name")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization"], name="initiative_partner_once"
            ),
        ]
        indexes = [models.Index(fields=["role", "organization"])]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()}) in {self.initiative}"


class FocusArea(models.Model):
    """A strategy, priority, guiding principle, question or value of an initiative."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("Leverage strategy")
        PRIORITY_AREA = "priority_area", _("Priority area")
        PRIORITY = "priority", _("Priority")
        PRINCIPLE = "principle", _("Guiding principle")
        QUESTION = "question", _("Focus question")
        VALUE = "value", _("Core value")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="focus_areas",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["initiative", "kind", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "title"], name="focus_area_unique_title"
            ),
        ]

    def __str__(self):
        return self.title


class DemonstrationSite(models.Model):
    """A community, district, school or network site where initiatives pilot work."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community")
        DISTRICT = "district", _("School district")
        SCHOOL = "school", _("School")
        NETWORK_SITE = "network_site", _("Network site")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city or town"), max_length=100)
    state = models.CharField(_("state"), max_length=2, default="MA")
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sites",
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), related_name="sites", blank=True
    )
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_sites",
    )

    class Meta:
        verbose_name = _("demonstration site")
        verbose_name_plural = _("demonstration sites")
        ordering = [in_language("name")]
        indexes = [
            models.Index(fields=["kind", "city"]),
            # The sites list is read a page at a time in name order, in the reader's language
            # (coalition.translation.in_language): an index for each, so that a page is read
            # from the index, not after sorting every site.
            models.Index(
                Coalesce(NullIf("name_en", Value("")), NullIf("name_es", Value(""))),
                name="site_name_en_order",
            ),
            models.Index(
                Coalesce(NullIf("name_es", Value("")), NullIf("name_en", Value(""))),
                name="site_name_es_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sites:detail", kwargs={"slug": self.slug})


class Indicator(Provenance):
    """Something the coalition measures, in one unit, over periods."""

    class Unit(models.TextChoices):
        COUNT = "count", _("Number")
        PERCENT = "percent", _("Percent")
        DOLLARS = "dollars", _("US dollars")
        RANK = "rank", _("Rank among states")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("plausible maximum"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The largest value that makes sense; larger figures are refused."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = [in_language("initiative__name"), in_language("name")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.maximum is None:
            return
        low, high, _whole = UNIT_BOUNDS.get(self.unit, (Decimal(0), None, False))
        if self.maximum <= low:
            raise ValidationError(
                {"maximum": _("Enter a maximum above %(low)s.") % {"low": _plain(low)}}
            )
        if high is not None and self.maximum > high:
            raise ValidationError(
                {"maximum": _("Enter a maximum of %(high)s or less.") % {"high": _plain(high)}}
            )

    @property
    def highest(self) -> Decimal | None:
        """The largest figure that makes sense: the unit's bound, the indicator's plausible
        maximum, whichever is lower; a count or an amount with no maximum set has a backstop."""
        _low, high, _whole = UNIT_BOUNDS.get(self.unit, (None, None, False))
        maximum = self.maximum if self.maximum is not None else UNSET_MAXIMUM.get(self.unit)
        bounds = [bound for bound in (high, maximum) if bound is not None]
        return min(bounds) if bounds else None

    def value_problem(self, value: Decimal) -> str | None:
        """Why the value cannot be a figure of this indicator, or None when it can."""
        low, _high, whole = UNIT_BOUNDS.get(self.unit, (None, None, False))
        high = self.highest
        if whole and value != value.to_integral_value():
            return _("Enter a whole number.")
        if low is not None and value < low:
            return _("Enter a value of at least %(low)s.") % {"low": _plain(low)}
        if high is not None and value > high:
            if self.maximum is not None and high == self.maximum:
                return _(
                    "Enter a value of at most %(high)s: more is not plausible for “%(name)s”."
                ) % {"high": _plain(high), "name": self.name}
            return _("Enter a value of at most %(high)s.") % {"high": _plain(high)}
        return None


def _plain(number: Decimal) -> str:
    """5,000 or 99.5 as the language writes them: no exponent, no trailing zeros."""
    text = f"{number:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return number_format(Decimal(text), force_grouping=True)


# What a figure may be, by the unit of its indicator: (lowest, highest, whole numbers only).
UNIT_BOUNDS = {
    Indicator.Unit.PERCENT: (Decimal(0), Decimal(100), False),
    Indicator.Unit.COUNT: (Decimal(0), None, True),
    Indicator.Unit.DOLLARS: (Decimal(0), None, False),
    Indicator.Unit.RANK: (Decimal(1), Decimal(50), True),  # among the states
}
# A backstop for counts and amounts whose indicator has no plausible maximum set: more people
# than live in New England, more dollars than the state's whole budget.
UNSET_MAXIMUM = {
    Indicator.Unit.COUNT: Decimal(20_000_000),
    Indicator.Unit.DOLLARS: Decimal(100_000_000_000),
}
# How far ahead a measured period may start (a budget for next year, say).
PERIOD_START_AHEAD = timedelta(days=366)


class StudentGroup(models.TextChoices):
    ALL = "all", _("All students")
    BLACK = "black", _("Black or African American")
    HISPANIC = "hispanic", _("Hispanic or Latino")
    ASIAN = "asian", _("Asian")
    WHITE = "white", _("White")
    MULTIRACIAL = "multiracial", _("Multiracial")
    NATIVE = "native", _("American Indian or Alaska Native")
    PACIFIC = "pacific", _("Native Hawaiian or Pacific Islander")
    LOW_INCOME = "low_income", _("Low income")
    ENGLISH_LEARNERS = "english_learners", _("English learners")
    DISABILITIES = "disabilities", _("Students with disabilities")


class Measurement(Provenance):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    period_start = models.DateField(_("period start"), validators=[validate_date_in_range])
    period_label = models.CharField(
        _("period"), max_length=40, help_text=_("As people say it: Summer 2020, 2024-25.")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    student_group = models.CharField(
        _("student group"), max_length=20, choices=StudentGroup.choices, default=StudentGroup.ALL
    )
    site = models.ForeignKey(
        DemonstrationSite,
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("The date its source gives the figure.")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "period_start", "student_group"]
        # One value per indicator, period, group and site; network-wide values
        # (no site) need their own constraint because NULLs never collide.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "student_group", "site"],
                condition=Q(site__isnull=False),
                name="measurement_unique_per_site",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "student_group"],
                condition=Q(site__isnull=True),
                name="measurement_unique_network_wide",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "student_group", "period_start"])]

    def __str__(self):
        return f"{self.indicator} {self.period_label}: {self.value}"

    def problems(self, *, today=None) -> dict[str, str]:
        """What is wrong with the figure and its dates, by field: a value its indicator rules
        out, a period or an as-of date before the initiative began, a period starting more
        than a year ahead, an as-of date still to come. Reads `indicator.initiative`."""
        today = today or timezone.localdate()
        problems = {}
        indicator = self.indicator
        if self.value is not None:
            problem = indicator.value_problem(self.value)
            if problem:
                problems["value"] = problem
        began = indicator.initiative.start_date
        for name in ("period_start", "as_of"):
            date = getattr(self, name)
            if date is not None and began is not None and date < began:
                problems[name] = _(
                    "%(initiative)s began on %(date)s: enter a date from then on."
                ) % {"initiative": indicator.initiative.label, "date": date_format(began)}
        if self.period_start is not None and self.period_start > today + PERIOD_START_AHEAD:
            problems.setdefault(
                "period_start", _("Enter a period that starts within a year from today.")
            )
        if self.as_of is not None and self.as_of > today:
            problems.setdefault(
                "as_of", _("Enter the date its source gives the figure: not a date to come.")
            )
        return problems

    def clean(self):
        if self.indicator_id is not None:
            problems = self.problems()
            if problems:
                raise ValidationError(problems)


class Days(models.Func):
    """A whole number of days as a duration, in each database's own terms."""

    output_field = models.DurationField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s * INTERVAL '1 day')", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="make_interval(days => %(expressions)s)", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps durations as microseconds.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s * 86400000000)", **extra
        )


class ObjectiveQuerySet(models.QuerySet):
    def with_cadence(self, *, now=None):
        """Annotate when each objective was last reported on by `now` (any standing update,
        partners-only ones included; a withdrawn one does not count), when its next update is
        due (that time, or its creation, plus its cadence) and whether it is stale (past due).
        An earlier `now` gives them as they stood then (the dashboard's range end)."""
        now = now or timezone.now()
        last = (
            ProgressUpdate.objects.standing()
            .filter(objective=models.OuterRef("pk"), created_at__lte=now)
            .order_by("-created_at", "-id")
        )
        return self.annotate(
            last_reported_at=models.Subquery(last.values("created_at")[:1]),
            update_due_at=models.ExpressionWrapper(
                Coalesce(models.F("last_reported_at"), models.F("created_at"))
                + Days(models.F("update_cadence_days")),
                output_field=models.DateTimeField(),
            ),
            is_stale=models.ExpressionWrapper(
                Q(update_due_at__lt=now), output_field=models.BooleanField()
            ),
        )


class Objective(Provenance):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="objectives",
    )
    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=LONG_TEXT,
        validators=[MaxLengthValidator(LONG_TEXT)],
    )
    owners = models.ManyToManyField(
        Organization,
        verbose_name=_("owner organizations"),
        related_name="objectives",
        blank=True,
    )
    site = models.ForeignKey(
        DemonstrationSite,
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objectives",
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(
        _("target date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    update_cadence_days = models.PositiveSmallIntegerField(
        _("update every (days)"), default=30, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = [in_language("initiative__name"), in_language("title")]
        constraints = [
            models.CheckConstraint(
                condition=Q(update_cadence_days__gte=1), name="objective_cadence_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "site"]),
            *OBJECTIVE_DOCUMENT.indexes("objective"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:objective", kwargs={"slug": self.slug})


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, *, today=None):
        """Past their due date and not done."""
        return self.filter(completed_on__isnull=True, due_date__lt=today or timezone.localdate())


class Milestone(Provenance):
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"), validators=[validate_date_in_range])
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[validate_date_in_range]
    )
    completed_by_update = models.ForeignKey(
        "ProgressUpdate",
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completed_milestones",
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["completed_on", "due_date"])]

    def __str__(self):
        return self.title


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    # An objective's status: Spanish agrees with it ("cumplido"), where a job is "hecho".
    DONE = "done", pgettext_lazy("objective status", "Done")


# How long after posting its author or a lead may withdraw an update.
WITHDRAWAL_WINDOW = timedelta(days=7)


class ProgressUpdateQuerySet(models.QuerySet):
    def standing(self):
        """Updates not withdrawn: the ones public pages, statuses and totals count."""
        return self.filter(withdrawn_at__isnull=True)


class ProgressUpdate(Provenance):
    """One report on an objective. Append-only: a correction is a new update."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTNERS = "partners", _("Partners only")

    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    status = models.CharField(_("status"), max_length=20, choices=ProgressStatus.choices)
    value = models.DecimalField(
        _("indicator value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(
        _("what happened"), max_length=NOTE_TEXT, validators=[MaxLengthValidator(NOTE_TEXT)]
    )
    # The language the author wrote in; the narrative in the other language, if any, is a
    # translation of it.
    language = models.CharField(
        _("written in"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    # Withdrawn within days by its author or a lead: gone from public pages and totals, kept
    # in the partners' history and the audit log.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("why withdrawn"), max_length=1000, blank=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["objective", "-created_at"]),
            models.Index(fields=["organization", "-created_at"]),
            *UPDATE_DOCUMENT.indexes("progress_update"),
        ]

    def __str__(self):
        return f"{self.objective}: {self.get_status_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def withdrawable_until(self):
        return self.created_at + WITHDRAWAL_WINDOW

    def can_be_withdrawn(self, *, now=None) -> bool:
        """Still standing and within the window: by time alone, whoever asks."""
        return self.withdrawn_at is None and (now or timezone.now()) <= self.withdrawable_until
