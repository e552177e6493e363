"""What initiatives adds to "download my data" (coalition.accounts): the person's updates."""

from coalition import accounts
from coalition.translation import translations
from initiatives.models import ProgressUpdate


def progress_updates_data(*, user, addresses):
    updates = ProgressUpdate.objects.filter(author=user).select_related("objective", "organization")
    for u in updates.order_by("created_at", "id"):
        texts = translations(u, "narrative")
        yield {
            "objective": u.objective.title,
            "organization": u.organization.name if u.organization else None,
            "status": u.status,
            "value": u.value,
            # As written, in the language written in; the translation, if any, beside it.
            "narrative": texts.get(u.language) or u.narrative,
            "written_in": u.language,
            "translation": next((t for code, t in texts.items() if code != u.language), ""),
            "evidence_link": u.evidence_url,
            "visible_to": u.visibility,
            "posted": u.created_at,
            # Withdrawn updates stay the person's data, marked as such.
            "withdrawn": u.withdrawn_at,
            "withdrawal_reason": u.withdrawal_reason or None,
        }


def register() -> None:
    accounts.data(key="progress_updates", rows=progress_updates_data, order=30)
