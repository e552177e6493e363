"""Writes to initiatives, objectives, progress updates and measurements."""

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition import versions
from coalition.models import User
from coalition.services import audit_log, user_email
from coalition.translation import LANGUAGE_CODES, in_language
from initiatives.charts import format_value
from initiatives.models import (
    WITHDRAWAL_WINDOW,
    Indicator,
    Initiative,
    InitiativePartner,
    Measurement,
    Milestone,
    Objective,
    ProgressUpdate,
)
from initiatives.selectors import SubqueryCount
from partners.models import Membership, Organization

# -- the partners an initiative counts --


def initiative_partners_recount(*, initiatives: Iterable[int] | None = None) -> int:
    """Set `partner_count`, the approved partner organizations, of `initiatives` (ids, or a
    query of them; all if None) where it is not what the partnerships say. Called by every write
    that may change it (initiatives.signals) and after bulk loads. Returns how many changed."""
    counted = SubqueryCount(
        InitiativePartner.objects.filter(initiative=OuterRef("pk"), organization__approved=True)
    )
    stale = Initiative.objects.exclude(partner_count=counted)
    if initiatives is not None:
        stale = stale.filter(pk__in=initiatives)
    changed = stale.update(partner_count=counted)
    if changed:
        versions.bump("initiatives")  # update() sends no signal
    return changed


# -- figures and the units of their indicators --

# A figure more than FAR_FACTOR times the last standing one, or under 1/FAR_FACTOR of it, must be
# confirmed by whoever posts it.
FAR_FACTOR = Decimal(10)
FIGURE_UNCONFIRMED = "figure_unconfirmed"
SAFE_SCHEMES = ("http", "https")


def _refuse_value_outside_indicator(value: Decimal, indicator: Indicator) -> None:
    """Refuse a figure its indicator rules out, next to the form's `value` field."""
    problem = indicator.value_problem(value)
    if problem:
        raise ValidationError({"value": problem})


def _far_apart(value: Decimal, previous: Decimal | None) -> bool:
    if previous is None or previous <= 0:
        return False  # nothing to compare with: a first figure, or a zero
    return value > previous * FAR_FACTOR or value * FAR_FACTOR < previous


def _last_figure(objective: Objective) -> Decimal | None:
    """The figure of the latest standing update that gave one (partners-only ones included)."""
    return (
        objective.updates.standing()
        .filter(value__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("value", flat=True)
        .first()
    )


def _refuse_unsafe_link(url: str, field: str) -> None:
    """Only web addresses: a javascript:, data: or ftp: link is refused beside its field."""
    if url and urlsplit(url).scheme.lower() not in SAFE_SCHEMES:
        raise ValidationError({field: _("Enter a web address starting with http:// or https://.")})


# -- progress updates and reporting cadence --


@transaction.atomic
def progress_update_create(
    *,
    objective: Objective,
    author,
    organization: Organization | None,
    status: str,
    narrative: str,
    language: str = "en",
    translation: str = "",
    value: Decimal | None = None,
    evidence_url: str = "",
    visibility: str = ProgressUpdate.Visibility.PUBLIC,
    milestones: list[Milestone] = (),
    corrects: ProgressUpdate | None = None,
    confirmed: bool = False,
    ip: str | None = None,
) -> ProgressUpdate:
    """Post an update. Updates are never edited: a correction is a new one naming the old.

    A figure must fit its indicator; one far from the last standing figure (over ten times it,
    or under a tenth) is refused unless `confirmed`, and the audit row says it was. An update
    carries no date of its own to enter: it is as of when it is posted.

    `narrative` is written in `language`, the author's; `translation`, if any, is the same in
    the other language (each reader gets their own, the other one else)."""
    far_from = None
    if objective.indicator_id is None:
        value = None
    elif value is not None:
        _refuse_value_outside_indicator(value, objective.indicator)
        previous = _last_figure(objective)
        if _far_apart(value, previous):
            if not confirmed:
                raise ValidationError(
                    {
                        "value": ValidationError(
                            _(
                                "This figure is far from the last one reported (%(previous)s). "
                                "Check it, then tick “I confirm this figure”."
                            ),
                            code=FIGURE_UNCONFIRMED,
                            params={"previous": format_value(previous, objective.indicator.unit)},
                        )
                    }
                )
            far_from = previous
    _refuse_unsafe_link(evidence_url, "evidence_url")
    if organization is not None and not objective.owners.filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("This organization does not own the objective.")})
    if corrects is not None and corrects.objective_id != objective.pk:
        raise ValidationError({"corrects": _("Choose an update of this objective.")})
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": _("Choose English or Spanish.")})
    if not narrative.strip():
        raise ValidationError(
            {f"narrative_{language}": _("Write it in English, in Spanish or in both.")}
        )
    # The author's text in their language; the translation, if any, in the other one.
    texts = {code: translation.strip() for code in LANGUAGE_CODES}
    texts[language] = narrative.strip()
    update = ProgressUpdate(
        objective=objective,
        author=author,
        organization=organization,
        status=status,
        value=value,
        language=language,
        **{f"narrative_{code}": text for code, text in texts.items()},
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
    data = {"objective": objective.pk, "status": status, "milestones": done}
    if far_from is not None:
        data.update(figure_confirmed=True, previous_figure=f"{far_from:f}", figure=f"{value:f}")
    audit_log(actor=author, action="progress.posted", target=update, data=data, ip=ip)
    return update


@transaction.atomic
def progress_update_withdraw(
    *, update: ProgressUpdate, actor, reason: str, ip: str | None = None, now=None
) -> ProgressUpdate:
    """Withdraw an update within WITHDRAWAL_WINDOW of posting, saying why (who may is the
    view's `initiatives.withdraw_update`). It leaves public pages, statuses and totals; it
    stays in the partners' history and the audit log. The milestones it marked done are open
    again: what said they were done no longer counts."""
    now = now or timezone.now()
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if update.withdrawn_at is not None:
        raise ValidationError(_("This update is already withdrawn."))
    if not update.can_be_withdrawn(now=now):
        raise ValidationError(
            _(
                "An update can be withdrawn within %(days)s days of posting; this one was posted "
                "on %(date)s. Post a correction instead."
            )
            % {
                "days": WITHDRAWAL_WINDOW.days,
                "date": date_format(timezone.localtime(update.created_at)),
            }
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"withdrawal_reason": _("Say why the update is withdrawn.")})
    update.withdrawn_at = now
    update.withdrawn_by = actor
    update.withdrawal_reason = reason
    update.full_clean()
    update.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    reopened = list(
        Milestone.objects.filter(completed_by_update=update).values_list("pk", flat=True)
    )
    Milestone.objects.filter(pk__in=reopened).update(completed_on=None, completed_by_update=None)
    audit_log(
        actor=actor,
        action="progress_update.withdrawn",
        target=update,
        data={"objective": update.objective_id, "reason": reason, "milestones_reopened": reopened},
        ip=ip,
    )
    return update


# -- measurements and CSV imports --


@transaction.atomic
def measurement_record(*, actor, ip: str | None = None, **fields) -> Measurement:
    """Record one figure; the same indicator, period, group and site cannot have two."""
    measurement = Measurement(**fields, recorded_by=actor)
    # Its fields and the figure's bounds (Measurement.clean); then the duplicate, which the
    # unique constraints would refuse too, with a message beside the period.
    measurement.full_clean(validate_constraints=False)
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
        .order_by("update_due_at", in_language("title"))
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
                # The objective itself, so that its title is read in the person's language.
                "objective": objective,
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
        ProgressUpdate.objects.standing()
        .filter(created_at__gte=since, created_at__lt=now)
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
