"""The Atom feed of published stories, in the language of the request."""

import pytest

from tests.factories import OrganizationFactory, story

pytestmark = pytest.mark.django_db


def test_the_feed_lists_published_stories_with_summary_and_link(client):
    org = OrganizationFactory(name="Opportunity Coalition")
    made = story(organization=org, title="Teachers lead the way")
    story(organization=org, status="submitted", title="Not yet")
    response = client.get("/stories/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Teachers lead the way" in feed and "Not yet" not in feed
    assert "How a school changed." in feed
    assert f"http://testserver{made.get_absolute_url()}" in feed
    assert 'xml:lang="en"' in feed


def test_the_feed_in_spanish(client):
    story(organization=OrganizationFactory())
    for response in (
        client.get("/stories/feed/?lang=es"),
        client.get("/stories/feed/", headers={"accept-language": "es"}),
    ):
        feed = response.content.decode()
        assert "Los docentes abren el camino" in feed and "Cómo cambió una escuela." in feed
        assert 'xml:lang="es"' in feed
