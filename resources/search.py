"""What the site search finds of the resource library (coalition.search): public resources only
(partners-only ones are never found, whoever searches: the search page is one cached page)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.translation import localized
from resources.models import RESOURCE_DOCUMENT, Resource
from resources.selectors import public_resources


def _line(resource: Resource) -> str:
    """Its kind, its publisher and the date it gives (its source and as-of date)."""
    parts = [resource.get_kind_display()]
    if resource.source:
        parts.append(resource.source)
    parts.append(date_format(resource.published_on, "DATE_FORMAT"))
    if resource.is_example:
        parts.insert(0, _("Example"))
    return " · ".join(str(part) for part in parts)


def register() -> None:
    search.register(
        search.Kind(
            name="resources",
            label=_("Resources"),
            document=RESOURCE_DOCUMENT,
            queryset=public_resources,
            scopes=("resources",),
            title=lambda resource: localized(resource, "title"),
            line=_line,
            ordering=("-published_on", "-id"),
            position=60,
        )
    )
