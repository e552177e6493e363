"""What the site search finds of initiatives (coalition.search): initiatives, objectives and the
public progress updates (standing, not partners-only: what an objective's page shows anyone)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.translation import localized
from initiatives.models import (
    INITIATIVE_DOCUMENT,
    OBJECTIVE_DOCUMENT,
    UPDATE_DOCUMENT,
    Initiative,
    Objective,
    ProgressUpdate,
)


def public_updates():
    return (
        ProgressUpdate.objects.standing()
        .filter(visibility=ProgressUpdate.Visibility.PUBLIC)
        .select_related("objective", "organization")
    )


def _update_line(update: ProgressUpdate) -> str:
    parts = [
        update.get_status_display(),
        date_format(timezone.localtime(update.created_at), "DATE_FORMAT"),
    ]
    if update.organization_id:
        parts.append(localized(update.organization, "name"))
    return " · ".join(str(part) for part in parts)


def register() -> None:
    search.register(
        search.Kind(
            name="initiatives",
            label=_("Initiatives"),
            document=INITIATIVE_DOCUMENT,
            queryset=Initiative.objects.all,
            scopes=("initiatives",),
            line=lambda initiative: localized(initiative, "short_name"),
            ordering=("id",),
            position=20,
        )
    )
    search.register(
        search.Kind(
            name="objectives",
            label=_("Objectives"),
            document=OBJECTIVE_DOCUMENT,
            queryset=lambda: Objective.objects.select_related("initiative"),
            scopes=("initiatives",),
            title=lambda objective: localized(objective, "title"),
            line=lambda objective: localized(objective.initiative, "name"),
            ordering=("id",),
            position=30,
        )
    )
    search.register(
        search.Kind(
            name="updates",
            label=_("Progress updates"),
            document=UPDATE_DOCUMENT,
            queryset=public_updates,
            scopes=("initiatives", "partners"),
            title=lambda update: localized(update.objective, "title"),
            url=lambda update: f"{update.objective.get_absolute_url()}#update-{update.pk}",
            line=_update_line,
            ordering=("-created_at", "-id"),
            position=40,
        )
    )
