"""The demo's stories: the Opportunity Coalition's, from its seed, as published facts with
their source and an image described as an example; an example waiting for a lead's review."""

import pytest

from stories.models import Story

pytestmark = pytest.mark.django_db


def test_the_seeds_stories_are_published_facts_with_their_source(load_demo, client):
    load_demo()
    facts = Story.objects.filter(is_example=False)
    assert facts.count() == 2
    for story in facts:
        assert story.status == Story.Status.APPROVED and story.published_at
        assert story.source == "Opportunity Coalition, The Opportunity Coalition Story"
        assert story.source_url == ""  # the post gives no address
        assert story.organization.name == "Opportunity Coalition"
        assert story.title_es and story.body_es and story.image_alt_es
        assert story.image_alt_en.startswith("Example image:")
        response = client.get(story.get_image_url())
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
    page = client.get("/stories/").content.decode()
    assert "The Opportunity Coalition Story: three reasons it grew" in page
    assert "Example of a story" not in page

    waiting = Story.objects.get(is_example=True)
    assert waiting.status == Story.Status.SUBMITTED
    assert waiting.author.email == "staff@example.org"


def test_loading_again_keeps_the_rows_and_their_images(load_demo):
    load_demo()
    before = dict(Story.objects.values_list("slug", "image"))
    load_demo()
    assert dict(Story.objects.values_list("slug", "image")) == before
