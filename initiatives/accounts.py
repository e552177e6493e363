"""What initiatives adds to "download my data" (coalition.accounts): the person's updates."""

from coalition import accounts
from initiatives.models import ProgressUpdate


def progress_updates_data(*, user, addresses):
    updates = ProgressUpdate.objects.filter(author=user).select_related("objective", "organization")
    for u in updates.order_by("created_at", "id"):
        yield {
            "objective": u.objective.title,
            "organization": u.organization.name if u.organization else None,
            "status": u.status,
            "value": u.value,
            "narrative": u.narrative,
            "evidence_link": u.evidence_url,
            "visible_to": u.visibility,
            "posted": u.created_at,
            # Withdrawn updates stay the person's data, marked as such.
            "withdrawn": u.withdrawn_at,
            "withdrawal_reason": u.withdrawal_reason or None,
        }


def register() -> None:
    accounts.data(key="progress_updates", rows=progress_updates_data, order=30)
