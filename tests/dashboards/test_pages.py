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
    # Every request: nothing for the person (the user row, session and roles come from the
    # cache, read there by a first request).
    # A view whose figures are in no snapshot yet (or, in development, where no worker refreshes
    # them, whose snapshot is stale) computes them: the snapshot looked for 1, the panels, the
    # snapshot stored 6 (savepoint, select, savepoint, insert, release, release), and the
    # filters' choices 3 (then kept in the cache until the data they list changes).
    # Panels: equity = pairs counted, a page of them, their figures, and for the packet every
    # pair and their figures 2 (filtered, nothing in view has figures: the pairs counted and
    # listed, no more; no owners read either); progress = by status 2 + stale 2 (owners) +
    # milestones 1 + updates 1 + paging through the latest updates 2 + each objective 1;
    # events = upcoming 1 + needs 2 + attendance 2 + registrations 3; partners = 1 a table;
    # community = suggestions 2 + themes 3 (the themes' titles, the themes with those titles,
    # their objectives) + unanswered 1; feedback = needs met by community 1; programs =
    # applications by program 1. The headline
    # figures: objectives, events, themes, partners, 1 query each for the period and 1 for
    # the previous one = 8.
    computed = {
        # 52 = snapshot 1 + headline 8 + equity 5 + progress 9 + events 8
        # + partners 5 + community 6 + feedback 1 + programs 1 + stored 6 + choices 3
        "/dashboard/": 52,
        # 51 = chosen 3 + snapshot 1 + headline 8 + equity 2 + progress 8
        # + events 8 + partners 5 + community 6 + feedback 1 + programs 1 + stored 6
        # + choices 3
        FILTERED: 51,
        # The packet's first view computes the same snapshot as the dashboard's.
        "/dashboard/packet/": 52,
        # 7 = organization 1 + updates due 1 + events 1 + needs 2 + objectives page 2
        "/dashboard/organizations/north/": 7,
    }[url]
    # Every other view reads its snapshot: the snapshot 1 (+ the 3 filters chosen, checked;
    # + the packet's own panels, 1), where it computed 42 before snapshots. The page's row is
    # read once, then kept until a snapshot is written (a page whose HTML is kept needs none).
    from_snapshot_urls = {"/dashboard/": 1, FILTERED: 4, "/dashboard/packet/": 2}
    from_snapshot = from_snapshot_urls.get(url, computed)
    grow(2)
    client.get("/me/")  # reads the person's roles into the cache
    with django_assert_num_queries(computed):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(from_snapshot):
        assert client.get(url).status_code == 200
    grow(12)
    # Stale, computed again: stored by an update rather than an insert (4 queries: savepoint,
    # select for update, update, release), 2 fewer; the page's row still kept, 1 fewer (the
    # packet reads its row with the panels).
    recomputed = {"/dashboard/": computed - 3, FILTERED: computed - 3}.get(
        url, computed - 2 if url in from_snapshot_urls else computed
    )
    with django_assert_num_queries(recomputed):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(from_snapshot):
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
