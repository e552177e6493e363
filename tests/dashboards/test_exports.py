"""CSV exports: every row with the page's filters, cells a spreadsheet would run written as
text, each export logged; large ones prepared in the background."""

import pytest

from coalition.models import AuditLog, Job
from initiatives.models import Initiative, Objective, ProgressUpdate
from tests.dashboards.helpers import NOW, ago, get, read_csv, tables
from tests.factories import (
    CommunityFactory,
    InitiativeFactory,
    LocationSuggestionFactory,
    ObjectiveFactory,
    ProgressUpdateFactory,
    verified_user,
)

pytestmark = pytest.mark.django_db


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(client, lead, network):
    LocationSuggestionFactory(community=CommunityFactory(name='=HYPERLINK("http://x")'))
    rows = read_csv(client.get("/dashboard/export/suggestions.csv"))
    assert ['\'=HYPERLINK("http://x")', "1", "0", "0", "0", "1"] in [row[:-3] for row in rows]


def test_a_table_downloads_with_its_filters_and_hidden_small_counts(client, lead, network):
    response = client.get("/dashboard/export/upcoming-events.csv?organization=families")
    assert (
        response["Content-Disposition"] == 'attachment; filename="upcoming-events-2026-06-15.csv"'
    )
    assert read_csv(response) == [
        [
            "Event",
            "Starts",
            "Community",
            "Capacity",
            "Confirmed",
            "Full",
            "Waiting list",
            "Source",
            "As of",
            "Example",
        ],
        [
            "Up two",
            "2026-07-05 12:00",
            "Online",
            "4",
            "fewer than 5",
            "fewer than 5",
            "fewer than 5",
            "The event's page",
            "2026-07-05",
            "no",
        ],
    ]
    entry = AuditLog.objects.get(action="dashboard.exported")
    assert entry.data == {"table": "upcoming-events", "rows": 1, "filters": "organization=families"}


def test_the_export_has_every_row_not_only_those_on_the_page(client, lead, network):
    objective = Objective.objects.get(slug="a3")
    ProgressUpdateFactory.create_batch(12, objective=objective, created_at=NOW)
    rows = read_csv(client.get("/dashboard/export/latest-updates.csv"))
    assert rows[0] == [
        "Posted",
        "Objective",
        "Initiative",
        "Status",
        "What happened",
        "Author",
        "Visible to",
        "Source",
        "As of",
        "Example",
    ]
    assert len(rows) == 1 + 16
    page = get(client).content.decode()
    # The page goes through every update, ten at a time.
    assert "Page 1 of 2" in page
    assert "updates=2#latest-updates-heading" in page


def test_grouped_tables_show_the_largest_groups_and_export_them_all(client, lead, network):
    for index in range(12):
        InitiativeFactory(name=f"Small {index:02}", slug=f"small-{index}")
        ObjectiveFactory(initiative=Initiative.objects.get(slug=f"small-{index}"))
    response = get(client)
    shown = [row[0] for row in tables(response)["objectives-by-status"]]
    assert shown[:2] == ["Alpha", "Alpha One"] and len(shown) == 12
    assert "Showing 12 of 15." in response.content.decode()
    rows = read_csv(client.get("/dashboard/export/objectives-by-status.csv"))
    assert len(rows) == 1 + 15


def test_an_unknown_table_is_not_found(client, lead, network):
    assert client.get("/dashboard/export/salaries.csv").status_code == 404


def test_a_large_export_runs_in_the_background_with_its_progress(
    client, lead, network, a_few_rows_at_once, django_capture_on_commit_callbacks
):
    page = client.get("/dashboard/export/latest-updates.csv?organization=families")
    assert page.status_code == 200
    assert "This table has 2 rows" not in page.content.decode()
    response = client.get("/dashboard/export/latest-updates.csv")
    assert "This table has 4 rows: it will be prepared in the background." in (
        response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/export/latest-updates/start/")
    job = Job.objects.get(kind=Job.Kind.EXPORT_DASHBOARD)
    assert response["Location"] == f"/dashboard/exports/{job.pk}/"
    assert (job.status, job.rows_total, job.rows_done) == (Job.Status.SUCCEEDED, 4, 4)
    page = client.get(response["Location"]).content.decode()
    assert "The file is ready: 4 rows." in page
    # Done: nothing left to look again for.
    assert "Check again" not in page and "job-progress.js" not in page
    rows = read_csv(client.get(f"/dashboard/exports/{job.pk}/download/"))
    assert [row[1] for row in rows[1:]] == ["A1", "A1", "A2", "B1"]
    # The small export at once and the large one in the background, each logged.
    assert AuditLog.objects.filter(action="dashboard.exported").count() == 2


def test_the_export_page_shows_progress_while_it_runs(client, lead, network):
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=lead,
        filename="latest-updates.csv",
        status=Job.Status.RUNNING,
        rows_total=1200,
        rows_done=500,
    )
    page = client.get(f"/dashboard/exports/{job.pk}/").content.decode()
    assert "Rows written: 500 of 1200" in page
    assert '<progress id="job-progress" max="1200" value="500">41%</progress>' in page
    # No reload by itself: a link to look again, and the script that looks again by itself
    # where JavaScript runs, telling screen readers through a polite live region.
    assert 'http-equiv="refresh"' not in page
    assert "refreshes itself" not in page
    assert (
        f'<a class="button button--secondary" href="/dashboard/exports/{job.pk}/">Check again</a>'
        in page
    )
    assert '<script src="/static/js/job-progress.js" defer></script>' in page
    assert '<p class="visually-hidden" aria-live="polite" data-job-announce></p>' in page
    # Not ready: the download link leads back to the progress.
    response = client.get(f"/dashboard/exports/{job.pk}/download/")
    assert response.status_code == 302


def test_the_task_records_progress_every_500_rows(lead, network, a_few_rows_at_once, monkeypatch):
    from django.http import QueryDict

    from dashboards import services

    objective = Objective.objects.get(slug="a3")
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(objective=objective, status="on_track", narrative="n", created_at=NOW)
        for _ in range(1200)
    )
    job = services.export_start(user=lead, name="latest-updates", params=QueryDict(""))
    seen = []
    real = services.job_progress

    def watch(*, job, done, total=None):
        seen.append(done)
        real(job=job, done=done, total=total)

    monkeypatch.setattr(services, "job_progress", watch)
    services.export_run(job_id=job.pk)
    assert seen == [0, 500, 1000, 1204]
    job.refresh_from_db()
    assert job.output.count("\n") == 1206  # the "as of" line, the header, 1,204 rows


def test_another_leads_export_is_not_found(client, lead, network):
    other = verified_user("other@example.org", is_coalition_lead=True)
    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD, created_by=other, status=Job.Status.SUCCEEDED
    )
    assert client.get(f"/dashboard/exports/{job.pk}/").status_code == 404
    assert client.get(f"/dashboard/exports/{job.pk}/download/").status_code == 404


def test_export_files_are_deleted_after_a_week(client, lead, network):
    from coalition.tasks import purge_export_files

    old = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=lead,
        filename="engagement.csv",
        status=Job.Status.SUCCEEDED,
        output="Organization\r\n",
        finished_at=ago(8),
    )
    recent = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD,
        created_by=lead,
        status=Job.Status.SUCCEEDED,
        output="Organization\r\n",
        finished_at=ago(6),
    )
    assert purge_export_files() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.output, recent.output) == ("", "Organization\r\n")
    response = client.get(f"/dashboard/exports/{old.pk}/download/", follow=True)
    assert "This file was deleted after a few days: prepare it again." in (
        response.content.decode()
    )


def test_an_export_that_fails_ends_saying_so_rather_than_running_for_ever(client, lead, network):
    from dashboards import services

    job = Job.objects.create(
        kind=Job.Kind.EXPORT_DASHBOARD, created_by=lead, filename="x.csv", payload="{not json"
    )

    services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "the file was not made" in client.get(f"/dashboard/exports/{job.pk}/").content.decode()
