"""What the site search finds of events (coalition.search): published ones, past and upcoming."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.translation import localized
from events.models import SEARCH_DOCUMENT, Event


def public_events():
    return Event.objects.filter(status=Event.Status.PUBLISHED).select_related("community")


def _line(event: Event) -> str:
    parts = [date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")]
    where = localized(event.community, "name") if event.community_id else event.city
    if where:
        parts.append(where)
    if event.childcare_offered:
        parts.append(capfirst(Event._meta.get_field("childcare_offered").verbose_name))
    return " · ".join(str(part) for part in parts)


def register() -> None:
    search.register(
        search.Kind(
            name="events",
            label=_("Events"),
            document=SEARCH_DOCUMENT,
            queryset=public_events,
            scopes=("events",),
            title=lambda event: localized(event, "title"),
            line=_line,
            ordering=("-starts_at", "-id"),
            position=10,
        )
    )
