"""Benchmark of the CSV imports: 10,000 measurement rows and 2,000 organizations, good files
and files with one bad row at the end (checked in full, then nothing written).

Not part of `make test`; run it with `make bench`. It prints seconds and asserts only that the
import did what it should.
"""

import datetime as dt
import time

import pytest

from coalition.imports import run
from coalition.models import Job
from initiatives.imports import measurements_import
from initiatives.models import Measurement, StudentGroup
from partners.imports import organizations_import
from partners.models import Organization
from tests import factories

GROUPS = StudentGroup.values
FIRST_DAY = dt.date(1900, 1, 1)
HEADER = "indicator,period_start,period_label,student_group,value,site,source\n"


def measurements_csv(rows: int, *, bad_last: bool = False) -> str:
    # One period a day from 1900 on (dates outside 1900 to 2100 are refused): every
    # (period, group) pair is unique.
    lines = [
        f"bench,{FIRST_DAY + dt.timedelta(days=i // len(GROUPS))},{i // len(GROUPS)},"
        f"{GROUPS[i % len(GROUPS)]},{i % 100},,bench"
        for i in range(rows)
    ]
    if bad_last:
        lines[-1] = "bench,1900-01-01,x,nobody,1,,"
    return HEADER + "\n".join(lines) + "\n"


def timed(kind, text, importer, user):
    job = Job.objects.create(kind=kind, created_by=user, payload=text)
    start = time.perf_counter()
    status = run(job.pk, importer)
    return status, time.perf_counter() - start


@pytest.mark.django_db(transaction=True)
def test_bench_imports(capsys):
    lead = factories.UserFactory(is_coalition_lead=True)
    factories.IndicatorFactory(slug="bench", unit="percent")
    results = []
    status, seconds = timed(
        Job.Kind.IMPORT_MEASUREMENTS, measurements_csv(10_000), measurements_import, lead
    )
    assert status == Job.Status.SUCCEEDED and Measurement.objects.count() == 10_000
    results.append(("10,000 measurements, new", seconds))
    status, seconds = timed(
        Job.Kind.IMPORT_MEASUREMENTS, measurements_csv(10_000), measurements_import, lead
    )
    assert status == Job.Status.SUCCEEDED and Measurement.objects.count() == 10_000
    results.append(("10,000 measurements, replacing", seconds))
    status, seconds = timed(
        Job.Kind.IMPORT_MEASUREMENTS,
        measurements_csv(10_000, bad_last=True),
        measurements_import,
        lead,
    )
    assert status == Job.Status.FAILED
    results.append(("10,000 measurements, last row bad", seconds))
    text = "name,sector,city\n" + "\n".join(
        f"Bench organization {i},community,Lynn" for i in range(2_000)
    )
    status, seconds = timed(Job.Kind.IMPORT_ORGANIZATIONS, text, organizations_import, lead)
    assert status == Job.Status.SUCCEEDED and Organization.objects.count() == 2_000
    results.append(("2,000 organizations", seconds))
    with capsys.disabled():
        print(f"\n{'import':36} {'seconds':>8}")
        for label, seconds in results:
            print(f"{label:36} {seconds:>8.2f}")
