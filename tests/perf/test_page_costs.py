"""The CI check of issue 15's "flat as data grows": each page runs the same number of SQL
queries with a small network and with four times as many rows of everything, the rows of the
page's own event, initiative, objective and site included.

Render times are logged (the run's summary, "page costs", and each test's record_property),
never asserted: wall time depends on the machine. `make bench` gives the figures under load.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Registration
from tests import factories

PAGE_COST = "page cost"
pytestmark = pytest.mark.django_db

ANONYMOUS = [
    ("home", lambda d: "/"),
    ("events list", lambda d: "/events/"),
    ("event page", lambda d: d["event"].get_absolute_url()),
    ("partners list", lambda d: "/partners/"),
    ("organization page", lambda d: d["org"].get_absolute_url()),
    ("initiatives list", lambda d: "/initiatives/"),
    ("initiative page", lambda d: d["initiative"].get_absolute_url()),
    ("objective page", lambda d: d["objective"].get_absolute_url()),
    ("sites list", lambda d: "/sites/"),
    ("site page", lambda d: d["site"].get_absolute_url()),
    ("registration form", lambda d: f"{d['event'].get_absolute_url()}register/"),
]
SIGNED_IN = [
    ("/me/, partner staff", "staff", lambda d: "/me/"),
    ("initiative page, partner staff", "staff", lambda d: d["initiative"].get_absolute_url()),
    ("dashboard, lead", "lead", lambda d: "/dashboard/"),
    (
        "organization dashboard, lead",
        "lead",
        lambda d: f"/dashboard/organizations/{d['org'].slug}/",
    ),
]


def network(n: int, pages: dict | None = None) -> dict:
    """`n` of each kind of row; with `pages`, the pages' own objects get `n` more rows each
    (objectives, updates, registrations, events, partners)."""
    orgs = factories.OrganizationFactory.create_batch(n, approved=True)
    initiatives = factories.InitiativeFactory.create_batch(n)
    sites = factories.DemonstrationSiteFactory.create_batch(n)
    d = pages or {
        "org": orgs[0],
        "initiative": initiatives[0],
        "site": sites[0],
    }
    for i in range(n):
        org, initiative, site = orgs[i], initiatives[i], sites[i]
        for where in {initiative, d["initiative"]}:
            factories.InitiativePartnerFactory(organization=org, initiative=where)
        site.initiatives.add(initiative)
        for where in (initiative, d["initiative"]):
            objective = factories.ObjectiveFactory(initiative=where, owners=[org], site=site)
            factories.ProgressUpdateFactory.create_batch(2, objective=objective, organization=org)
            factories.MilestoneFactory(objective=objective)
        factories.ObjectiveFactory(initiative=d["initiative"], owners=[d["org"]], site=d["site"])
        for host, where, place in ((org, initiative, site), (d["org"], d["initiative"], d["site"])):
            event = factories.EventFactory(hosts=[host], initiative=where, site=place, capacity=40)
            factories.EventLanguageFactory(event=event, language="es")
            past = factories.EventFactory(
                hosts=[host],
                initiative=where,
                site=place,
                starts_at=timezone.now() - timezone.timedelta(days=10 + i),
            )
            report = factories.SessionReportFactory(event=past)
            factories.ThemeFactory(report=report)
        indicator = factories.IndicatorFactory(initiative=initiative)
        factories.MeasurementFactory(indicator=indicator, site=site)
    if pages is None:
        d["objective"] = factories.ObjectiveFactory(
            initiative=d["initiative"], owners=[d["org"]], site=d["site"]
        )
        d["event"] = factories.EventFactory(
            hosts=[d["org"]], initiative=d["initiative"], site=d["site"]
        )
    factories.ProgressUpdateFactory.create_batch(n, objective=d["objective"], organization=d["org"])
    Registration.objects.bulk_create(
        Registration(
            event=d["event"],
            name=f"Person {i}",
            email=f"page-costs-{n}-{i}@example.org",
            status=Registration.Status.CONFIRMED if i < 10 else Registration.Status.WAITLISTED,
        )
        for i in range(n * 3)
    )
    factories.LocationSuggestionFactory.create_batch(n)
    return d


def cost(client, url: str, tag: str) -> tuple[int, float]:
    """Queries and median milliseconds of three renders; a query string of its own each time,
    so that no page cache answers instead of the page."""
    times, counts = [], set()
    for i in range(3):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, {"cost": f"{tag}-{i}"})
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
        counts.add(len(queries.captured_queries))
    # The first render of a page fills per-process caches (a version, a role): the later ones
    # are what a visitor pays.
    return min(counts), statistics.median(times)


def test_queries_do_not_grow_with_the_data(client, record_property, monkeypatch):
    # The initiatives app keeps the main content of its pages across addresses
    # (coalition.fragments), which would hide the cost of rendering it: measure that.
    monkeypatch.setattr("coalition.fragments.shared_cache_away", lambda *args: True)
    staff = factories.verified_user("staff@example.org")
    lead = factories.two_factor_lead()
    d = network(2)
    factories.join_staff(d["org"], staff)
    users = {"staff": staff, "lead": lead}

    def measure(size):
        figures = {}
        for label, url in ANONYMOUS:
            client.logout()
            figures[label] = cost(client, url(d), size)
        for label, who, url in SIGNED_IN:
            client.force_login(users[who])
            figures[label] = cost(client, url(d), size)
        client.logout()
        return figures

    small = measure("small")
    network(6, d)  # four times as many rows of everything, the pages' own rows too
    large = measure("large")
    lines = []
    for label, (queries, ms) in small.items():
        queries_large, ms_large = large[label]
        line = (
            f"{label:34} queries {queries:>3} -> {queries_large:>3}   "
            f"render {ms:6.1f} ms -> {ms_large:6.1f} ms ({ms_large / ms:4.2f}x)"
        )
        lines.append(line)
        record_property(PAGE_COST, line)
    print("\n".join(lines))
    grown = {label: (small[label][0], large[label][0]) for label in small}
    assert {label: a for label, (a, b) in grown.items()} == {
        label: b for label, (a, b) in grown.items()
    }
