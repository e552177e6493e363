"""Each table costs the same number of queries whatever its size (pinned at two sizes)."""

import pytest
from django.test import Client

from tests import factories
from tests.opendata.helpers import TABLES

pytestmark = pytest.mark.django_db

# A page: its count, its rows, and one query per list its rows carry (prefetched).
QUERIES = {
    "events": 3,  # count, rows, languages (spoken and interpreted)
    "initiatives": 2,
    "objectives": 3,  # count, rows, approved owners
    "indicators": 2,
    "measurements": 2,
    "organizations": 4,  # count, rows, communities, partnerships
    "communities": 2,
    "resources": 5,  # count, rows, initiatives, events, communities
}
# A filter by a row of another table reads that row first (to check it exists).
FILTERED = {
    "events": ("?community=lynn&initiative=early-learning&language=es", 5),
    "organizations": ("?initiative=early-learning&sector=community", 5),
    "objectives": ("?owner=lynn-family&status=on_track", 4),
    "measurements": ("?indicator=children-enrolled", 3),
    "resources": ("?initiative=early-learning&community=lynn&kind=report&language=en", 7),
}


def grow(network, size: int):
    """`size` more rows in every table, each with its links."""
    for _ in range(size):
        organization = factories.OrganizationFactory()
        organization.communities.add(network["event"].community)
        factories.InitiativePartnerFactory(
            initiative=network["initiative"], organization=organization
        )
        objective = factories.ObjectiveFactory(
            initiative=network["initiative"], owners=[organization, network["organization"]]
        )
        factories.progress_update(objective, organization=organization)
        factories.MeasurementFactory(indicator=network["indicator"])
        factories.IndicatorFactory(initiative=network["initiative"])
        event = factories.EventFactory(initiative=network["initiative"], city="Lynn")
        factories.EventLanguageFactory(event=event, language="es")
        factories.EventLanguageFactory(event=event, language="pt", interpretation=True)
        factories.CommunityFactory()
        factories.ResourceFactory(
            initiatives=[network["initiative"]],
            events=[event],
            communities=[network["event"].community],
        )
        factories.ResourceFactory(visibility="partners")


@pytest.mark.parametrize("table", TABLES)
def test_a_table_costs_the_same_queries_at_two_sizes(network, table, django_assert_num_queries):
    for size in (1, 12):
        grow(network, size)
        url = f"/api/v1/{table}/"
        with django_assert_num_queries(QUERIES[table]):
            response = Client().get(url)
        assert response.status_code == 200, url
        if table in FILTERED:
            query, count = FILTERED[table]
            with django_assert_num_queries(count):
                assert Client().get(url + query).status_code == 200
        with django_assert_num_queries(QUERIES[table]):
            assert Client().get(f"/api/v1/{table}.csv").status_code == 200
        with django_assert_num_queries(0):  # from the page cache
            assert Client().get(url).status_code == 200
