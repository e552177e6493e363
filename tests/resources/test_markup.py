"""The library's pages keep the markup rules (tests/support/markup.py) in English and Spanish:
the list, a resource's page, the forms (also with their errors)."""

import pytest

from tests import factories
from tests.resources.helpers import pdf_bytes, resource, upload
from tests.support.markup import markup_problems


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_library_pages_keep_the_markup_rules(client, org_a, staff_a, language):
    webinar = factories.EventFactory(hosts=[org_a])
    linked = resource(
        organization=org_a,
        links={
            "initiatives": [factories.InitiativeFactory()],
            "focus_areas": [factories.FocusAreaFactory()],
            "events": [webinar],
            "communities": [factories.CommunityFactory()],
        },
    )
    with_file = resource(organization=org_a, upload=upload("brief.pdf", pdf_bytes()))
    client.force_login(staff_a)
    pages = [
        "/resources/",
        "/resources/?kind=report",
        linked.get_absolute_url(),
        with_file.get_absolute_url(),
        "/resources/new/",
        "/resources/manage/",
        f"/resources/{with_file.slug}/edit/",
        f"/resources/{linked.slug}/delete/",
        webinar.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert markup_problems(response.content.decode()) == [], url
    refused = client.post("/resources/new/", {"title_en": ""}, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 400
    assert markup_problems(refused.content.decode()) == []
