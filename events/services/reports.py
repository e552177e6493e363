"""Where next (suggestions of places for the next session) and what we heard (a session's
report, its themes linked to the objectives that answer them)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.services import audit_log
from coalition.translation import LANGUAGE_CODES
from communities.services import community_for
from events.models import Event, LocationSuggestion, SessionReport, Theme

# Where next

LISTS_THE_TOWN = (LocationSuggestion.Status.CONSIDERING, LocationSuggestion.Status.SCHEDULED)


@transaction.atomic
def suggestion_create(*, data: dict, language: str, user=None) -> LocationSuggestion:
    """`data["community"]` is a community or its name in words: a town the network does not
    know yet is made, unlisted until a lead reviews it, so suggesting a new town stays possible
    and shows nowhere public meanwhile."""
    community = data.get("community")
    if isinstance(community, str):
        data = {**data, "community": community_for(name=community, listed=False)}
    suggestion = LocationSuggestion(
        **data,
        language=language,
        submitted_by=user if user is not None and user.is_authenticated else None,
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_review(
    *, actor, suggestion: LocationSuggestion, status: str, event: Event | None, ip=None
) -> LocationSuggestion:
    # Read again, locked: the status before the review is the stored one, whatever a bound
    # form did to the instance it was given.
    suggestion = LocationSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if status == LocationSuggestion.Status.SCHEDULED and event is None:
        raise ValidationError({"event": _("Choose the event this suggestion became.")})
    before = suggestion.status
    suggestion.status = status
    suggestion.event = event
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "event"])
    # A new town a lead considers or schedules joins the list of communities; a declined one
    # stays off it.
    community = suggestion.community
    listed = False
    if community and not community.listed and status in LISTS_THE_TOWN:
        community.listed = listed = True
        community.save(update_fields=["listed"])
    audit_log(
        actor=actor,
        action="suggestion.reviewed",
        target=suggestion,
        data={
            "status": [before, status],
            "event": event.pk if event else None,
            **({"community_listed": community.slug} if listed else {}),
        },
        ip=ip,
    )
    return suggestion


# What we heard


@transaction.atomic
def report_save(
    *,
    actor,
    event: Event,
    summary: dict[str, str],
    themes: list[dict],
    publish: bool,
    ip: str | None = None,
) -> SessionReport:
    """Write what was heard at a past session, with its themes (each linked to the objectives
    that answer it); publishing makes it public on the event page and the objectives' pages.

    Texts come in English and Spanish: `summary` is {"en": …, "es": …}, each theme has
    `title_en`, `title_es`, `description_en`, `description_es`; a text needs one of them."""
    if event.ends_at > timezone.now():
        raise ValidationError(_("What was heard can be written once the session is over."))
    if not any((text or "").strip() for text in summary.values()):
        raise ValidationError({"summary_en": _("Write it in English, in Spanish or in both.")})
    report = SessionReport.objects.filter(event=event).first() or SessionReport(
        event=event, author=actor
    )
    for code in LANGUAGE_CODES:
        setattr(report, f"summary_{code}", summary.get(code, ""))
    if publish and report.published_at is None:
        report.published_at = timezone.now()
    elif not publish:
        report.published_at = None
    report.full_clean()
    report.save()
    report.themes.all().delete()
    for position, theme in enumerate(themes):
        objectives = theme.pop("objectives", [])
        row = Theme(report=report, position=position, **theme)
        row.full_clean()
        row.save()
        row.objectives.set(objectives)
    audit_log(
        actor=actor,
        action="report.published" if publish else "report.saved",
        target=event,
        data={"themes": len(themes)},
        ip=ip,
    )
    return report
