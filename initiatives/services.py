"""Writes to initiatives, objectives, progress updates and measurements."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.services import audit_log
from initiatives.models import Milestone, Objective, ProgressUpdate
from partners.models import Organization

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
    if organization is not None and not objective.owners.filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("This organization does not own the objective.")})
    if corrects is not None and corrects.objective_id != objective.pk:
        raise ValidationError({"corrects": _("Choose an update of this objective.")})
    if objective.indicator_id is None:
        value = None
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
