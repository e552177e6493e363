import datetime as dt

import pytest

from tests import factories


@pytest.fixture
def network(db):
    """One of each public row, with their links: an approved partner of an initiative that
    owns an objective with a public update, an indicator with figures, an event, a resource."""
    organization = factories.OrganizationFactory(name="Lynn Family Center", slug="lynn-family")
    initiative = factories.InitiativeFactory(name="Early Learning", slug="early-learning")
    factories.InitiativePartnerFactory(initiative=initiative, organization=organization)
    objective = factories.ObjectiveFactory(
        initiative=initiative, owners=[organization], slug="more-seats"
    )
    factories.progress_update(objective, organization=organization)
    indicator = factories.IndicatorFactory(initiative=initiative, slug="children-enrolled")
    factories.MeasurementFactory(
        indicator=indicator,
        period_start=dt.date(2020, 9, 1),
        source="State data",
        is_example=True,
    )
    event = factories.EventFactory(hosts=[organization], initiative=initiative, city="Lynn")
    factories.EventLanguageFactory(event=event, language="es")
    resource = factories.ResourceFactory(
        title="Lynn listening report",
        initiatives=[initiative],
        events=[event],
        communities=[event.community],
    )
    return {
        "organization": organization,
        "initiative": initiative,
        "objective": objective,
        "indicator": indicator,
        "event": event,
        "resource": resource,
    }
