"""Benchmark of the public list and detail pages at demo scale and at ten times demo scale.

Not part of `make test` (the file name does not match test_*.py); run it with `make bench`.
It prints, for each page, the number of SQL queries and the median server time of 20 requests
through the Django test client; it asserts nothing about time.
"""

import datetime as dt
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, Registration
from events.services import seats_recount
from tests import factories

PAGES = [
    ("home", lambda d: "/"),
    ("events list", lambda d: "/events/"),
    ("events list, filtered", lambda d: "/events/?kind=listening_session&language=es"),
    ("event page", lambda d: d["event"].get_absolute_url()),
    ("partners list", lambda d: "/partners/"),
    ("partners search", lambda d: "/partners/?q=Org"),
    ("organization page", lambda d: d["org"].get_absolute_url()),
    ("initiatives list", lambda d: "/initiatives/"),
    ("initiative page", lambda d: d["initiative"].get_absolute_url()),
    ("objective page", lambda d: d["objective"].get_absolute_url()),
    ("sites list", lambda d: "/sites/"),
    ("site page", lambda d: d["site"].get_absolute_url()),
    ("sites compared", lambda d: f"/sites/compare/?site={d['site'].slug}&site={d['site2'].slug}"),
    ("registration form", lambda d: f"{d['event'].get_absolute_url()}register/"),
    ("where next form", lambda d: "/events/suggest/"),
]
# Pages of people at work, seen by a lead with two-factor authentication.
WORK_PAGES = [
    ("post an update", lambda d: f"{d['objective'].get_absolute_url()}update/"),
    ("my events to organize", lambda d: "/events/organize/"),
    ("event roster", lambda d: f"{d['event'].get_absolute_url()}organize/roster/"),
    ("check-in", lambda d: f"{d['event'].get_absolute_url()}organize/check-in/"),
    ("where next suggestions", lambda d: "/events/suggestions/"),
    ("measurements", lambda d: "/network/measurements/"),
    ("imports", lambda d: "/network/imports/"),
    ("dashboard", lambda d: "/dashboard/"),
    (
        "dashboard, filtered",
        lambda d: (
            f"/dashboard/?initiative={d['initiative'].slug}&since=2020-01-01&until=2030-12-31"
        ),
    ),
    ("dashboard CSV export", lambda d: "/dashboard/export/engagement.csv"),
    (
        "board packet, one initiative",
        lambda d: f"/dashboard/packet/?initiative={d['initiative'].slug}",
    ),
    ("organization dashboard", lambda d: f"/dashboard/organizations/{d['org'].slug}/"),
]
REQUESTS = 20


def build(scale: int) -> dict:
    """Demo scale is about 25 organizations, 7 initiatives, 13 events and 100 registrations."""
    orgs = factories.OrganizationFactory.create_batch(25 * scale)
    initiatives = factories.InitiativeFactory.create_batch(7 * scale)
    sites = factories.DemonstrationSiteFactory.create_batch(10 * scale)
    for i, org in enumerate(orgs):
        factories.InitiativePartnerFactory(
            organization=org, initiative=initiatives[i % len(initiatives)]
        )
    # Rows spread over the organizations, initiatives and sites as in the demo, so that a
    # detail page shows about as many rows at either scale and a list page ten times more.
    objectives = []
    for i in range(13 * scale):
        owner = orgs[i % len(orgs)]
        objective = factories.ObjectiveFactory(
            initiative=initiatives[i % len(initiatives)], owners=[owner], site=sites[i % len(sites)]
        )
        objectives.append(objective)
        factories.ProgressUpdateFactory.create_batch(2, objective=objective, organization=owner)
        factories.MilestoneFactory(objective=objective)
    events = []
    for i in range(13 * scale):
        event = factories.EventFactory(
            hosts=[orgs[i % len(orgs)]],
            initiative=initiatives[i % len(initiatives)],
            site=sites[i % len(sites)],
            capacity=40,
        )
        factories.EventLanguageFactory(event=event, language="es")
        events.append(event)
    # Past sessions, with what was heard there; their registrants came.
    for i in range(5 * scale):
        event = factories.EventFactory(
            hosts=[orgs[i % len(orgs)]],
            initiative=initiatives[i % len(initiatives)],
            site=sites[i % len(sites)],
            starts_at=timezone.now() - dt.timedelta(days=10 + i % 60),
        )
        report = factories.SessionReportFactory(event=event)
        factories.ThemeFactory(report=report).objectives.set([objectives[i % len(objectives)]])
        factories.ThemeFactory(report=report)
        events.append(event)
    Registration.objects.bulk_create(
        Registration(
            event=events[i % len(events)],
            name=f"Person {i}",
            email=f"p{i}@example.org",
            status=Registration.Status.CONFIRMED,
            checked_in_at=timezone.now() if i % 3 else None,
            interpretation_language="es" if i % 4 == 0 else "",
        )
        for i in range(100 * scale)
    )
    seats_recount(event_ids=[event.pk for event in events])  # bulk_create keeps no counter
    factories.LocationSuggestionFactory.create_batch(20 * scale)
    for site in sites:
        indicator = factories.IndicatorFactory(initiative=initiatives[site.pk % len(initiatives)])
        for group in ("all", "black", "hispanic", "low_income"):
            factories.MeasurementFactory(
                site=site,
                indicator=indicator,
                student_group=group,
                period_start=dt.date(2025, 9, 1),
            )
    return {
        "site2": sites[1],
        "org": orgs[0],
        "initiative": initiatives[0],
        "objective": objectives[0],
        "site": sites[0],
        "event": events[0],
    }


def analyzed(data):
    """Table statistics as autovacuum keeps them on a live database: a fresh test database has
    none, and PostgreSQL would plan as if every table were empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return data


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries.captured_queries)  # len(queries) misses them: each request resets the log
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(times)


@pytest.mark.django_db
def test_bench_pages(client, capsys):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP

    lead = factories.UserFactory(email="lead@example.org", is_coalition_lead=True)
    EmailAddress.objects.create(user=lead, email=lead.email, verified=True, primary=True)
    TOTP.activate(lead, "JBSWY3DPEHPK3PXP")
    pages = [(label, url, False) for label, url in PAGES]
    pages += [(label, url, True) for label, url in WORK_PAGES]
    results = {}

    def run(data, first):
        for label, url, signed_in in pages:
            client.logout()
            if signed_in:
                client.force_login(lead)
            results.setdefault(label, []).append(measure(client, url(data)))

    run(analyzed(build(1)), True)
    Event.objects.all().delete()
    run(analyzed(build(9)), False)  # with what is already there: ten times demo scale
    with capsys.disabled():
        head = ("page", "queries 1x", "ms 1x", "queries 10x", "ms 10x", "ratio")
        print("\n{:28} {:>10} {:>8} {:>11} {:>8} {:>6}".format(*head))
        for label, ((q1, t1), (q10, t10)) in results.items():
            print(f"{label:28} {q1:>10} {t1:>8.1f} {q10:>11} {t10:>8.1f} {t10 / t1:>6.2f}")
