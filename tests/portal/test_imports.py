"""CSV imports by leads: each bad row reported by line, nothing changed unless every row is
good, progress shown on a page that can be checked again (and follows by itself where JavaScript
runs), and 10,000 rows in one go."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.imports import run
from coalition.models import Job
from coalition.services import job_create
from initiatives.imports import measurements_import
from initiatives.models import Indicator, Measurement
from partners.models import Organization, Sector
from tests.factories import (
    DemonstrationSiteFactory,
    IndicatorFactory,
    MeasurementFactory,
    OrganizationFactory,
    UserFactory,
    verified_user,
    with_two_factor,
)

pytestmark = pytest.mark.django_db

HEADER = "indicator,period_start,period_label,student_group,value,site,source\n"


@pytest.fixture
def lead(client):
    user = with_two_factor(verified_user("lead@example.org", is_coalition_lead=True))
    client.force_login(user)
    return user


@pytest.fixture
def math():
    return IndicatorFactory(slug="math", name="Math proficiency", unit=Indicator.Unit.PERCENT)


def upload(client, text, kind="import_measurements", name="figures.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(
        "/network/imports/",
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def job_page(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def test_a_good_file_adds_every_row(client, lead, math, django_capture_on_commit_callbacks):
    DemonstrationSiteFactory(slug="lynn")
    text = (
        HEADER
        + "math,2024-09-01,2024-25,all,44,,Demo\n"
        + "math,2024-09-01,2024-25,Hispanic or Latino,31.5,,Demo\n"
        + "math,2024-09-01,2024-25,english_learners,18,lynn,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text)
    page = job_page(client, response)
    assert "3 rows added." in page
    assert 'http-equiv="refresh"' not in page
    rows = Measurement.objects.order_by("value")
    assert [(m.student_group, str(m.value), m.site_id is not None) for m in rows] == [
        ("english_learners", "18.00", True),
        ("hispanic", "31.50", False),
        ("all", "44.00", False),
    ]
    assert Job.objects.get().status == Job.Status.SUCCEEDED


def test_a_figure_already_recorded_is_replaced(
    client, lead, math, django_capture_on_commit_callbacks
):
    import datetime as dt

    MeasurementFactory(indicator=math, period_start=dt.date(2024, 9, 1), value=40)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, HEADER + "math,2024-09-01,2024-25,all,44,,\n")
    page = job_page(client, response)
    assert "1 figure replaced." in page
    assert str(Measurement.objects.get().value) == "44.00"


def test_every_bad_row_is_reported_by_line_and_nothing_changes(
    client, lead, math, django_capture_on_commit_callbacks
):
    text = (
        HEADER
        + "math,2024-09-01,2024-25,all,44,,\n"  # line 2: good
        + "reading,2024-09-01,2024-25,all,44,,\n"  # 3: unknown indicator
        + "math,2024-09-01,2024-25,left-handed,44,,\n"  # 4: unknown group
        + "math,2024-09-01,2024-25,all,44,,\n"  # 5: duplicate of line 2
        + "math,September,2024-25,low_income,44,,\n"  # 6: bad date
        + "math,2024-09-01,2024-25,low_income,140,,\n"  # 7: over 100%
        + "math,2024-09-01,2024-25,black,lots,,\n"  # 8: not a number
        + "math,2024-09-01,2024-25,white,40,atlantis,\n"  # 9: unknown site
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text)
    page = job_page(client, response)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert [(p["line"], p["message"]) for p in job.errors] == [
        (3, "Unknown indicator “reading”."),
        (4, "Unknown student group “left-handed”."),
        (5, "The same figure as line 2."),
        (6, "The period start must be a date like 2024-09-01."),
        (7, "value: Enter a value of at most 100."),
        (8, "“lots” is not a number."),
        (9, "Unknown site “atlantis”."),
    ]
    assert "Nothing was changed: 7 problems to fix." in page
    assert not Measurement.objects.exists()


def test_missing_columns_are_named(client, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "indicator,value\nmath,4\n")
    job_page(client, response)
    [problem] = Job.objects.get().errors
    assert problem == {
        "line": 1,
        "message": "Missing columns: period_label, period_start, student_group.",
    }


def test_a_file_in_another_encoding_is_refused_at_once(client, lead):
    response = upload(client, HEADER + "math,2024-09-01,Año,all,44,,\n", encoding="latin-1")
    assert response.status_code == 400
    assert "The file is not UTF-8 text." in response.content.decode()
    assert 'id="id_file_error"' in response.content.decode()
    assert not Job.objects.exists()


def test_only_imports_can_be_uploaded(client, lead):
    # A dashboard export is a job too, but not one a file starts.
    response = upload(
        client, HEADER + "math,2024-09-01,2024-25,all,44,,\n", kind="export_dashboard"
    )
    assert response.status_code == 400
    assert 'id="id_kind_error"' in response.content.decode()
    assert "Dashboard export" not in response.content.decode()
    assert not Job.objects.exists()


def test_a_spreadsheets_byte_order_mark_is_fine(
    client, lead, math, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "\ufeff" + HEADER + "math,2024-09-01,2024-25,all,44,,\n")
    assert Measurement.objects.count() == 1


def test_organizations_import_adds_approved_organizations(
    client, lead, django_capture_on_commit_callbacks
):
    OrganizationFactory(name="Already Here")
    text = (
        "name,sector,city,website,description\n"
        "Lynn Family Center,community,Lynn,https://example.org,Workshops\n"
        "Springfield College Partners,Universities and colleges,Springfield,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text, kind="import_organizations")
    page = job_page(client, response)
    assert "2 rows added." in page
    center = Organization.objects.get(name="Lynn Family Center")
    assert (center.sector, center.approved, center.decided_by) == (Sector.COMMUNITY, True, lead)
    assert Organization.objects.get(name="Springfield College Partners").sector == Sector.HIGHER_ED
    assert "Lynn Family Center" in client.get("/partners/").content.decode()


def test_organizations_import_refuses_duplicates_and_unknown_sectors(
    client, lead, django_capture_on_commit_callbacks
):
    OrganizationFactory(name="Already Here")
    text = (
        "name,sector\nalready here,community\nNew One,community\nNew One,community\nOther,bakery\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text, kind="import_organizations")
    job_page(client, response)
    assert [(p["line"], p["message"]) for p in Job.objects.get().errors] == [
        (2, "“already here” is already in the directory."),
        (4, "The same organization as line 3."),
        (5, "Unknown sector “bakery”."),
    ]
    assert Organization.objects.count() == 1


def test_ten_thousand_rows_in_one_import(client, lead, math, django_capture_on_commit_callbacks):
    lines = [
        f"math,{date(2000, 1, 1) + timedelta(days=i // 11)},day {i // 11},{group},{i % 100},,"
        for i, group in (
            (
                i,
                [
                    "all",
                    "black",
                    "hispanic",
                    "asian",
                    "white",
                    "multiracial",
                    "native",
                    "pacific",
                    "low_income",
                    "english_learners",
                    "disabilities",
                ][i % 11],
            )
            for i in range(10_000)
        )
    ]
    # 10,000 rows need 910 distinct periods (days, all past): every (period, group) pair is
    # unique.
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, HEADER + "\n".join(lines) + "\n")
    page = job_page(client, response)
    assert "10000 rows added." in page or "10,000 rows added." in page
    assert Measurement.objects.count() == 10_000
    job = Job.objects.get()
    assert (job.rows_done, job.rows_total) == (10_000, 10_000)


def test_the_page_shows_progress_and_looks_again_while_the_import_runs(client, lead):
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_MEASUREMENTS,
        created_by=lead,
        status=Job.Status.RUNNING,
        rows_total=400,
        rows_done=100,
    )
    page = client.get(f"/network/imports/{job.pk}/").content.decode()
    assert '<progress id="job-progress" max="400" value="100">25%</progress>' in page
    assert "Rows checked: 100 of 400" in page
    # Never reloaded by itself: "Check again" without JavaScript, the script with it.
    assert 'http-equiv="refresh"' not in page
    assert "refreshes itself" not in page
    assert (
        f'<a class="button button--secondary" href="/network/imports/{job.pk}/">Check again</a>'
        in page
    )
    assert '<script src="/static/js/job-progress.js" defer></script>' in page
    assert 'aria-live="polite" data-job-announce' in page


def test_a_job_runs_once_even_if_its_task_comes_twice(lead, math):
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_MEASUREMENTS,
        created_by=lead,
        payload=HEADER + "math,2024-09-01,2024-25,all,44,,\n",
    )
    assert run(job.pk, measurements_import) == Job.Status.SUCCEEDED
    assert run(job.pk, measurements_import) is None
    assert Measurement.objects.count() == 1


def test_only_leads_import(client, math):
    member = UserFactory()
    client.force_login(member)
    response = upload(client, HEADER + "math,2024-09-01,2024-25,all,44,,\n")
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_the_list_of_imports_runs_the_same_queries_whatever_its_length(client, lead):
    def add_imports(count):
        for number in range(count):
            job_create(
                kind=[Job.Kind.IMPORT_MEASUREMENTS, Job.Kind.IMPORT_ORGANIZATIONS][number % 2],
                user=UserFactory(),
                filename=f"file-{number}.csv",
                text=HEADER,
            )

    def count():
        client.get("/network/imports/")  # the first reads the person's roles into the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/network/imports/")
        assert response.status_code == 200
        return len(queries), response.content.decode().count('<th scope="row">')

    add_imports(3)
    small, rows_of_small = count()
    add_imports(40)
    large, rows_of_large = count()
    assert (rows_of_small, rows_of_large) == (3, 20)  # a page holds twenty
    # Count, page (the person, their session and roles from the cache).
    assert small == large == 2


def test_a_cell_longer_than_its_field_is_a_problem_of_its_line_naming_the_column(
    client, lead, django_capture_on_commit_callbacks
):
    website = "https://example.org/" + "a" * 230
    text = (
        "name,sector,city,website\n"
        "Fine Org,community,Lynn,https://example.org/\n"
        f"Long Site Org,community,Lynn,{website}\n"
        f"{'N' * 201},community,{'C' * 101},\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text, kind="import_organizations")
    job_page(client, response)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert [(p["line"], p["message"]) for p in job.errors] == [
        (3, f"The website is {len(website)} characters long; at most 200 fit."),
        (4, "The name is 201 characters long; at most 200 fit."),
        (4, "The city is 101 characters long; at most 100 fit."),
    ]
    assert Organization.objects.count() == 0


def test_a_figure_dated_outside_1900_to_2100_is_a_problem_of_its_line(
    client, lead, math, django_capture_on_commit_callbacks
):
    text = HEADER + "math,9999-09-01,2024-25,all,44,,\nmath,2024-09-01,2024-25,all,44,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text)
    job_page(client, response)
    [(line, message)] = [(p["line"], p["message"]) for p in Job.objects.get().errors]
    assert line == 2
    assert message.startswith("Enter a date between")
    assert not Measurement.objects.exists()


def test_imports_take_the_spanish_of_their_texts_in_optional_columns(
    client, lead, math, django_capture_on_commit_callbacks
):
    figures = (
        "indicator,period_start,period_label,period_label_es,student_group,value\n"
        "math,2024-09-01,Summer 2024,Verano de 2024,all,44\n"
        "math,2025-09-01,2025-26,,all,46\n"
    )
    organizations = (
        "name,name_es,sector,description,description_es\n"
        "Youth Build,Construcción Juvenil,community,Builds homes.,Construye casas.\n"
        "Parents Union,,community,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, figures)
        upload(client, organizations, kind="import_organizations")
    labels = Measurement.objects.order_by("period_start").values_list(
        "period_label_en", "period_label_es"
    )
    assert list(labels) == [("Summer 2024", "Verano de 2024"), ("2025-26", "")]
    built = Organization.objects.get(name_en="Youth Build")
    assert (built.name_es, built.description_en, built.description_es) == (
        "Construcción Juvenil",
        "Builds homes.",
        "Construye casas.",
    )
    # No Spanish name: none stored, so that many may lack one.
    assert Organization.objects.get(name_en="Parents Union").name_es is None
    # A Spanish name already taken is refused like an English one.
    taken = "name,name_es,sector\nOther,Construcción Juvenil,community\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, taken, kind="import_organizations")
    assert "“Construcción Juvenil” is already in the directory." in job_page(client, response)
