"""Reads of stories: the published ones (the list, the feed, the newsletter), one for its
reader or editor, an author's own, and the leads' review queue."""

from django.db.models import QuerySet
from django.http import Http404

from coalition.permissions import roles_of
from stories.models import Story


def published_stories() -> QuerySet[Story]:
    """Published stories, newest first, with their organization (one query per page)."""
    return Story.objects.published().select_related("organization").order_by("-published_at", "-id")


def stories_published_between(start, end) -> QuerySet[Story]:
    """The stories published from `start` (included) to `end` (excluded), oldest first: the
    newsletter's."""
    return (
        published_stories()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "id")
    )


def story_by_slug(*, slug: str) -> Story:
    story = (
        Story.objects.select_related("organization", "author")
        .prefetch_related("initiatives", "communities")
        .filter(slug=slug)
        .first()
    )
    if story is None:
        raise Http404
    return story


def story_for_reader(*, slug: str, user) -> Story:
    """A story as its page shows it: published, or its editor's; 404 for anyone else, who is
    not told it exists."""
    story = story_by_slug(slug=slug)
    if not user.has_perm("stories.view_story", story):
        raise Http404
    return story


def stories_of_editor(*, user) -> QuerySet[Story]:
    """The stories a person may change: their organizations' (every one for a lead), the
    latest changed first."""
    stories = Story.objects.select_related("organization").order_by("-updated_at", "-id")
    roles = roles_of(user)
    return stories if roles.lead else stories.filter(organization_id__in=roles.staff_of)


def stories_of_author(*, user) -> QuerySet[Story]:
    """The stories the person wrote, the first written first ("download my data")."""
    return (
        Story.objects.filter(author=user)
        .select_related("organization")
        .order_by("created_at", "id")
    )


def stories_to_review() -> QuerySet[Story]:
    """Submitted stories, the longest waiting first."""
    return (
        Story.objects.filter(status=Story.Status.SUBMITTED)
        .select_related("organization", "author")
        .order_by("submitted_at", "id")
    )


def story_to_review(*, pk: int) -> Story:
    story = stories_to_review().filter(pk=pk).first()
    if story is None:
        raise Http404
    return story
