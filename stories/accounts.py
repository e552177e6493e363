"""What stories adds to a person's account (coalition.accounts): the stories they wrote, in
"download my data" (their titles, status and dates). When the account goes, a story keeps its
organization and loses its author (Story.author is SET_NULL): it was published as theirs."""

from coalition import accounts
from stories.selectors import stories_of_author


def stories_data(*, user, addresses):
    for story in stories_of_author(user=user):
        yield {
            "title_en": story.title_en or "",
            "title_es": story.title_es or "",
            "organization": story.organization.name,
            "status": story.status,
            "created": story.created_at,
            "updated": story.updated_at,
            "submitted": story.submitted_at,
            "published": story.published_at,
        }


def register() -> None:
    accounts.data(key="stories", rows=stories_data, order=47)
