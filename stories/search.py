"""What the site search finds of stories (coalition.search): published ones only (never a
draft, one waiting for review or one returned to its author)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coalition import search
from coalition.translation import localized
from stories.models import STORY_DOCUMENT, Story
from stories.selectors import published_stories


def _line(story: Story) -> str:
    """Its organization and the day it was published."""
    parts = [
        localized(story.organization, "name"),
        date_format(timezone.localtime(story.published_at), "DATE_FORMAT"),
    ]
    if story.is_example:
        parts.insert(0, _("Example"))
    return " · ".join(str(part) for part in parts)


def register() -> None:
    search.register(
        search.Kind(
            name="stories",
            label=_("Stories"),
            document=STORY_DOCUMENT,
            queryset=published_stories,
            scopes=("stories", "partners"),
            title=lambda story: localized(story, "title"),
            line=_line,
            ordering=("-published_at", "-id"),
            position=80,
        )
    )
