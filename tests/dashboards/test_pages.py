"""Every dashboard page: a query count that does not move with the amount of data, and the
markup rules in both languages."""

import re

import pytest

from coalition.models import Job
from tests.dashboards.helpers import grow
from tests.factories import MembershipFactory
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db

FILTERED = (
    "/dashboard/?initiative=alpha&site=lynn&organization=north&since=2026-01-01&until=2026-12-31"
)


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        FILTERED,
        "/dashboard/packet/",
        "/dashboard/organizations/north/",
    ],
)
def test_the_queries_do_not_grow_with_the_data(
    client, lead, network, url, django_assert_num_queries
):
    MembershipFactory(user=lead, organization=network["schools"])
    # Every request: the user 1 (the session and the person's roles from the cache, read there
    # by a first request); a leads' page adds the filters' choices: 4.
    # Filtered, nothing in view has figures or is stale: no page of indicators, no owners read.
    # Panels: equity = pairs counted, a page of them, their figures; progress = by status 2 +
    # stale 2 (owners) + milestones 1 + updates 1; events = upcoming 1 + needs 2 + attendance 2
    # + registrations 3; partners = 1 a table; community = suggestions 2 + themes 3 (the themes'
    # titles, the themes with those titles, their objectives) + unanswered 1.
    # Progress also pages through the latest updates (count + page: 2) and lists each objective
    # (1). The headline figures: objectives, events, themes, partners, 1 query each for the
    # period and 1 for the previous one = 8.
    expected = {
        # 42 = page 4 + headline 8 + equity 3 + progress 8 + events 8 + partners 5 + community 6
        "/dashboard/": 42,
        # 42 = page 4 + chosen 3 + headline 8 + equity 1 + progress 7 + events 8 + partners 5
        # + community 6
        FILTERED: 42,
        # 41 = the dashboard's 42 with every indicator in view rather than a counted page of
        # them (no count: 1 fewer); the packet prints the same panels as the dashboard.
        "/dashboard/packet/": 41,
        # 8 = request 1 + organization 1 + updates due 1 + events 1 + needs 2 + objectives page 2
        "/dashboard/organizations/north/": 8,
    }[url]
    grow(2)
    client.get(url)  # the first request reads the person's roles into the cache
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_dashboard_pages_keep_the_markup_rules(
    client, lead, network, language, a_few_rows_at_once
):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD, created_by=lead, status=Job.Status.SUCCEEDED
    )
    for url in [
        "/dashboard/",
        "/dashboard/?initiative=alpha&since=2026-01-01&until=2026-06-30",
        "/dashboard/export/latest-updates.csv",  # too large at once: the page to start it
        f"/dashboard/exports/{job.pk}/",
        "/dashboard/packet/?initiative=alpha",
        "/dashboard/organizations/north/",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert markup_problems(page) == [], url
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), url
