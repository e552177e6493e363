"""Every page a person fills in or works from keeps the markup rules (tests/support/markup.py),
in English and in Spanish: registration, manage links, organizer pages, where next, progress
updates and their withdrawal, site comparison, a site's page and figures, measurements and
imports, community pages."""

import datetime as dt

import pytest
from django.utils import timezone

from coalition.models import Job
from partners.models import Membership
from tests.factories import (
    DemonstrationSiteFactory,
    EventFactory,
    EventLanguageFactory,
    IndicatorFactory,
    LocationSuggestionFactory,
    MeasurementFactory,
    MembershipFactory,
    MilestoneFactory,
    ObjectiveFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    RegistrationFactory,
    two_factor_lead,
)
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    host = OrganizationFactory()
    lead = two_factor_lead()
    MembershipFactory(user=lead, organization=host, role=Membership.Role.STAFF)
    event = EventFactory(hosts=[host], childcare_offered=True)
    EventLanguageFactory(event=event, language="es", interpretation=True)
    registration = RegistrationFactory(event=event, children_count=1)
    RegistrationFactory(event=event, status="waitlisted")
    ended = timezone.now() - dt.timedelta(days=3)
    past = EventFactory(hosts=[host], starts_at=ended - dt.timedelta(hours=2), ends_at=ended)
    objective = ObjectiveFactory(owners=[host], indicator=IndicatorFactory())
    MilestoneFactory(objective=objective)
    update = ProgressUpdateFactory(objective=objective, organization=host)
    ProgressUpdateFactory(
        objective=objective,
        organization=host,
        withdrawn_at=timezone.now(),
        withdrawn_by=lead,
        withdrawal_reason="Posted twice.",
    )
    sites = DemonstrationSiteFactory.create_batch(2)
    MeasurementFactory(site=sites[0])
    LocationSuggestionFactory()
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_MEASUREMENTS,
        created_by=lead,
        errors=[{"line": 2, "message": "x"}],
        status=Job.Status.FAILED,
    )
    client.force_login(lead)
    return {
        "pages": [
            f"/events/{event.slug}/register/",
            f"/events/manage/{registration.manage_token}/",
            "/events/organize/",
            "/events/organize/new/",
            f"/events/{event.slug}/organize/",
            f"/events/{event.slug}/organize/roster/",
            f"/events/{event.slug}/organize/check-in/",
            f"/events/{event.slug}/organize/message/",
            f"/events/{past.slug}/organize/report/",
            "/events/suggest/",
            "/events/suggestions/",
            f"/initiatives/objectives/{objective.slug}/update/",
            # The withdraw form on each update and the withdrawn one marked; the confirm page.
            objective.get_absolute_url(),
            f"/initiatives/objectives/{objective.slug}/updates/{update.pk}/withdraw/",
            f"/sites/compare/?site={sites[0].slug}&site={sites[1].slug}",
            # A site's page, its objectives a page at a time, and the page of its figures.
            sites[0].get_absolute_url(),
            f"{sites[0].get_absolute_url()}figures/",
            "/network/measurements/",
            "/network/imports/",
            f"/network/imports/{job.pk}/",
            "/communities/",
            event.community.get_absolute_url(),
        ]
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_new_pages_keep_the_markup_rules(client, world, language):
    for url in world["pages"]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert markup_problems(response.content.decode()) == [], url
