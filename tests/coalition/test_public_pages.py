"""Every public page, with the demo data, for an anonymous visitor in both languages."""

import pytest
from django.core.management import call_command

from events.models import Event
from initiatives.models import DemonstrationSite, Initiative, Objective
from partners.models import Organization
from tests.support.markup import markup_problems


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


def public_urls():
    urls = ["/", "/events/", "/events/?when=past", "/partners/", "/initiatives/", "/sites/"]
    urls += ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    for model in (Organization, Initiative, DemonstrationSite, Objective):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    urls += [e.get_absolute_url() for e in Event.objects.filter(status=Event.Status.PUBLISHED)]
    return urls


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_public_page_answers_and_keeps_the_markup_rules(client, demo, language):
    client.cookies["django_language"] = language
    failures = {}
    urls = public_urls()
    assert len(urls) > 40
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            failures[url] = [f"status {response.status_code}"]
            continue
        assert f'<html lang="{language}">' in response.text, url
        problems = markup_problems(response.text)
        if problems:
            failures[url] = problems
    assert failures == {}


def test_seed_content_reaches_the_pages(client, demo):
    home = client.get("/").text
    assert "Listening" in home or "listening" in home
    partners = client.get("/partners/?q=EdVestors").text
    assert "EdVestors" in partners
    nsrn = Initiative.objects.filter(name__icontains="New Skills").order_by("parent_id").first()
    page = client.get(nsrn.get_absolute_url()).text
    assert "New Skills ready network" in page
    past = client.get("/events/?when=past").text
    assert "Lynn" in past and "Springfield" in past and "Holyoke" in past
    lynn = Event.objects.get(city__icontains="Lynn", starts_at__date="2024-12-13")
    assert "December 13, 2024" in client.get(lynn.get_absolute_url()).text
