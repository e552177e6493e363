"""A person's stories are in "download my data": their titles, status and dates; nobody
else's."""

import json

import pytest

from tests.factories import OrganizationFactory, story, verified_user

pytestmark = pytest.mark.django_db


def test_download_my_data_holds_the_stories_i_wrote(client):
    writer = verified_user("ana@example.org")
    org = OrganizationFactory(name="Lynn Family Center")
    published = story(organization=org, author=writer, title="Teachers lead the way")
    story(organization=org, author=writer, title="A draft", status="draft")
    story(organization=org, title="Someone else's")
    client.force_login(writer)

    assert "the stories you wrote" in client.get("/me/data/").content.decode()
    data = json.loads(client.post("/me/data/").content)

    mine = data["stories"]
    assert [(s["title_en"], s["status"]) for s in mine] == [
        ("Teachers lead the way", "approved"),
        ("A draft", "draft"),
    ]
    assert mine[0]["organization"] == "Lynn Family Center"
    assert mine[0]["title_es"].startswith("Los docentes abren el camino")
    assert mine[0]["published"].startswith(published.published_at.strftime("%Y-%m-%dT%H:%M"))
    assert mine[0]["submitted"] and mine[0]["created"]
    assert mine[1]["published"] is None
    assert "Someone else's" not in json.dumps(data)
