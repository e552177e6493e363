"""The demo's resource library: the seeds' real resources as links to the networks' public
pages, with their source and date, in English and Spanish; no invented file."""

import pytest
from django.core.management import call_command

from resources.models import Resource
from tests.portal.conftest import load_demo  # noqa: F401 (the fixture)

SLUGS = {
    "reinvent-vs-rebuild-lets-fix-the-child-care-system",
    "reinventing-child-care-in-massachusetts-webinar-recordings",
    "reinventing-child-care-in-massachusetts-slide-decks",
    "new-skills-ready-network-boston-year-one-snapshot",
}


@pytest.mark.parametrize("facts_only", [False, True])
def test_the_demo_holds_the_seeds_resources_as_facts(db, load_demo, client, facts_only):  # noqa: F811
    load_demo()
    if facts_only:
        call_command("load_demo", "--facts-only", verbosity=0)
    else:
        load_demo()  # twice: the same rows

    assert set(Resource.objects.values_list("slug", flat=True)) == SLUGS
    for resource in Resource.objects.all():
        assert resource.source and resource.published_on.year in (2020, 2021)
        assert not resource.is_example and resource.is_public
        assert not resource.file  # links only: never an invented file
        assert resource.title_es and resource.summary_es

    recording = Resource.objects.get(kind="recording")
    assert recording.initiatives.get().slug == "umass-boston-ece-action-lab"
    assert "cuidado infantil" in recording.summary_es
    assert "cuidado infantil" in recording.title_es

    page = client.get("/resources/?initiative=umass-boston-ece-action-lab").content.decode()
    assert "Reinventing Child Care in Massachusetts: webinar recordings" in page
    client.get("/language/es/?next=/resources/")
    detail = client.get(recording.get_absolute_url()).content.decode()
    assert "grabaciones de los seminarios web" in detail
    assert 'href="https://opportunities-exchange.org"' in detail
