"""Writes to initiatives, objectives, progress updates and measurements."""

from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User
from coalition.services import audit_log, user_email
from initiatives.models import Indicator, Measurement, Milestone, Objective, ProgressUpdate
from partners.models import Membership, Organization

# -- figures and the units of their indicators --

# What a figure may be, by the unit of its indicator: (lowest, highest, whole numbers only).
UNIT_RULES = {
    Indicator.Unit.PERCENT: (Decimal(0), Decimal(100), False),
    Indicator.Unit.COUNT: (Decimal(0), None, True),
    Indicator.Unit.DOLLARS: (Decimal(0), None, False),
    Indicator.Unit.RANK: (Decimal(1), Decimal(50), True),
}


def check_value_for_unit(value: Decimal, unit: str) -> str | None:
    """Why the value cannot be a figure in this unit, or None when it can."""
    low, high, whole = UNIT_RULES.get(unit, (None, None, False))
    if whole and value != value.to_integral_value():
        return _("Enter a whole number.")
    if low is not None and value < low:
        return _("Enter a value of at least %(low)s.") % {"low": low}
    if high is not None and value > high:
        return _("Enter a value of at most %(high)s.") % {"high": high}
    return None


def _refuse_value_outside_unit(value: Decimal, unit: str) -> None:
    """Refuse a figure its indicator's unit rules out, next to the form's `value` field."""
    problem = check_value_for_unit(value, unit)
    if problem:
        raise ValidationError({"value": problem})


# -- progress updates and reporting cadence --


@transaction.atomic
def progress_update_create(
    *,
    objective: Objective,
    author,
    organization: Organization | None,
    status: str,
    narrative: str,
    value: Decimal | None = None,
    evidence_url: str = "",
    visibility: str = ProgressUpdate.Visibility.PUBLIC,
    milestones: list[Milestone] = (),
    corrects: ProgressUpdate | None = None,
    ip: str | None = None,
) -> ProgressUpdate:
    """Post an update. Updates are never edited: a correction is a new one naming the old."""
    if objective.indicator_id is None:
        value = None
    elif value is not None:
        _refuse_value_outside_unit(value, objective.indicator.unit)
    if organization is not None and not objective.owners.filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("This organization does not own the objective.")})
    if corrects is not None and corrects.objective_id != objective.pk:
        raise ValidationError({"corrects": _("Choose an update of this objective.")})
    update = ProgressUpdate(
        objective=objective,
        author=author,
        organization=organization,
        status=status,
        value=value,
        narrative=narrative.strip(),
        evidence_url=evidence_url,
        visibility=visibility,
        corrects=corrects,
    )
    update.full_clean()
    update.save()
    done = [m.pk for m in milestones if m.objective_id == objective.pk and m.completed_on is None]
    Milestone.objects.filter(pk__in=done).update(
        completed_on=timezone.localdate(), completed_by_update=update
    )
    audit_log(
        actor=author,
        action="progress.posted",
        target=update,
        data={"objective": objective.pk, "status": status, "milestones": done},
        ip=ip,
    )
    return update


# -- measurements and CSV imports --


@transaction.atomic
def measurement_record(*, actor, ip: str | None = None, **fields) -> Measurement:
    """Record one figure; the same indicator, period, group and site cannot have two."""
    if fields.get("value") is not None:
        _refuse_value_outside_unit(fields["value"], fields["indicator"].unit)
    duplicate = Measurement.objects.filter(
        indicator=fields["indicator"],
        period_start=fields["period_start"],
        student_group=fields["student_group"],
        site=fields.get("site"),
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "period_start": _(
                    "A figure for this indicator, period, student group and site is already "
                    "recorded."
                )
            }
        )
    measurement = Measurement(**fields, recorded_by=actor)
    measurement.full_clean()
    measurement.save()
    audit_log(actor=actor, action="measurement.recorded", target=measurement, ip=ip)
    return measurement


def _week(now) -> str:
    year, week, _day = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def _verified(users):
    """Only people whose address is verified get the network's reporting emails."""
    return users.filter(
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
    ).distinct()


def stale_reminders_send(*, now=None) -> int:
    """Email each organization's staff the objectives it owns that have gone stale, with a
    link straight to each update form. Once a week per person and organization, whatever
    the number of runs. Returns how many emails were queued."""
    now = now or timezone.now()
    week = _week(now)
    stale = (
        Objective.objects.with_cadence(now=now)
        .filter(is_stale=True)
        .select_related("initiative")
        .prefetch_related("owners")
        .order_by("update_due_at", "title")
    )
    by_organization: dict[int, list[Objective]] = {}
    for objective in stale:
        for owner in objective.owners.all():
            by_organization.setdefault(owner.pk, []).append(objective)
    if not by_organization:
        return 0
    memberships = Membership.objects.filter(
        organization_id__in=by_organization,
        status=Membership.Status.ACTIVE,
        user__in=_verified(User.objects.all()),
    ).select_related("user", "organization")
    queued = 0
    for membership in memberships:
        objectives = [
            {
                "title": objective.title,
                "initiative": objective.initiative.name,
                "due": objective.update_due_at,
                "link": settings.SITE_URL
                + reverse("initiatives:objective_update", kwargs={"slug": objective.slug}),
            }
            for objective in by_organization[membership.organization_id]
        ]
        email = user_email(
            user=membership.user,
            template="initiatives/email/stale_objectives",
            context={
                "user": membership.user,
                "organization": membership.organization,
                "objectives": objectives,
            },
            dedupe_key=f"stale:{week}:{membership.organization_id}:{membership.user_id}",
        )
        queued += email is not None
    return queued


def weekly_digest_send(*, now=None) -> int:
    """Email each coalition lead what changed in the network over the past seven days: the
    updates posted, the milestones reached, the objectives that went stale. Once a week."""
    now = now or timezone.now()
    since = now - timedelta(days=7)
    week = _week(now)
    updates = list(
        ProgressUpdate.objects.filter(created_at__gte=since, created_at__lt=now)
        .select_related("objective", "organization")
        .order_by("-created_at")
    )
    milestones = list(
        Milestone.objects.filter(
            completed_on__gte=timezone.localtime(since).date(),
            completed_on__lte=timezone.localtime(now).date(),
        )
        .select_related("objective")
        .order_by("completed_on")
    )
    newly_stale = list(
        Objective.objects.with_cadence(now=now)
        .filter(update_due_at__gte=since, update_due_at__lt=now)
        .order_by("update_due_at")
    )
    stale_count = Objective.objects.with_cadence(now=now).filter(is_stale=True).count()
    overdue = Milestone.objects.overdue(today=timezone.localtime(now).date()).count()
    context = {
        "since": since,
        "updates": updates,
        "milestones": milestones,
        "newly_stale": newly_stale,
        "stale_count": stale_count,
        "overdue_count": overdue,
        "site_url": settings.SITE_URL,
    }
    queued = 0
    for lead in _verified(User.objects.filter(is_coalition_lead=True)):
        email = user_email(
            user=lead,
            template="initiatives/email/weekly_digest",
            context={**context, "user": lead},
            dedupe_key=f"digest:{week}:{lead.pk}",
        )
        queued += email is not None
    return queued
