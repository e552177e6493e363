"""A lead waits for a large export and for a CSV import: the page never reloads by itself; its
script looks again every two seconds, moves the progress bar, tells screen readers how far the
job has got through a polite live region, and shows the download link or the rows added once
it is done. Without JavaScript, "Check again" does the same by hand."""

import re

from playwright.sync_api import expect

from coalition.models import Job
from coalition.services import job_finish, job_progress
from tests.e2e.helpers import sign_in

WAIT = 10_000  # ms: several of the script's two-second looks


def running(kind, lead, **fields):
    return Job.objects.create(
        kind=kind,
        created_by=lead,
        status=Job.Status.RUNNING,
        rows_total=100,
        rows_done=10,
        **fields,
    )


def test_an_export_is_followed_until_its_download_link_shows(phone, live_server, demo_data):
    from coalition.models import User

    sign_in(phone, live_server, "lead@example.org", with_code=True)
    lead = User.objects.get(email="lead@example.org")
    job = running(Job.Kind.EXPORT_DASHBOARD, lead, filename="latest-updates.csv")
    phone.goto(live_server.url + f"/dashboard/exports/{job.pk}/")
    announcer = phone.locator("[data-job-announce]")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(phone.locator("label[for=job-progress]")).to_have_text("Rows written: 10 of 100")
    expect(phone.get_by_role("link", name="Check again")).to_be_visible()
    loaded = phone.evaluate("performance.timeOrigin")

    job_progress(job=job, done=60)
    expect(phone.locator("label[for=job-progress]")).to_have_text(
        "Rows written: 60 of 100", timeout=WAIT
    )
    expect(phone.locator("#job-progress")).to_have_attribute("value", "60")
    expect(announcer).to_have_text("Rows written: 60 of 100")

    Job.objects.filter(pk=job.pk).update(output="Initiative,Objective\r\nAlpha,A1\r\n")
    job_finish(job=job, result={"rows": 1})
    download = phone.get_by_role("link", name="Download latest-updates.csv")
    expect(download).to_be_visible(timeout=WAIT)
    expect(announcer).to_have_text("The file is ready: 1 row.")
    expect(phone.get_by_role("link", name="Check again")).to_have_count(0)
    expect(phone.locator("progress")).to_have_count(0)
    # All of it without the page reloading.
    assert phone.evaluate("performance.timeOrigin") == loaded
    assert re.search(rf"/dashboard/exports/{job.pk}/download/$", download.get_attribute("href"))


def test_an_import_is_followed_until_its_rows_are_added(phone, live_server, demo_data):
    from coalition.models import User

    sign_in(phone, live_server, "lead@example.org", with_code=True)
    lead = User.objects.get(email="lead@example.org")
    job = running(Job.Kind.IMPORT_MEASUREMENTS, lead, filename="figures.csv")
    phone.goto(live_server.url + f"/network/imports/{job.pk}/")
    expect(phone.locator(".job .status")).to_have_text("Running")
    # Keyboard focus on "Check again" is kept while the count moves.
    phone.get_by_role("link", name="Check again").focus()

    job_progress(job=job, done=50)
    expect(phone.locator("label[for=job-progress]")).to_have_text(
        "Rows checked: 50 of 100", timeout=WAIT
    )
    assert phone.evaluate("document.activeElement.textContent") == "Check again"

    job_finish(job=job, result={"created": 100})
    expect(phone.get_by_role("status").filter(has_text="100 rows added.")).to_be_visible(
        timeout=WAIT
    )
    expect(phone.locator("[data-job-announce]")).to_have_text("100 rows added.")
    expect(phone.locator(".job .status")).to_have_text("Done")
    # Focus was on the link that went away: it moves to the result, not to the page's top.
    assert phone.evaluate("document.activeElement.textContent.trim()") == "100 rows added."


def test_without_javascript_check_again_shows_the_progress(browser, live_server, demo_data):
    from coalition.models import User
    from tests.e2e.helpers import PHONE

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        # Signed in with JavaScript off: the forms work without it.
        sign_in(page, live_server, "lead@example.org", with_code=True)
        lead = User.objects.get(email="lead@example.org")
        job = running(Job.Kind.IMPORT_ORGANIZATIONS, lead, filename="partners.csv")
        page.goto(live_server.url + f"/network/imports/{job.pk}/")
        expect(page.locator("label[for=job-progress]")).to_have_text("Rows checked: 10 of 100")
        job_finish(job=job, result={"created": 100})
        # Nothing reloads the page by itself: the person looks again.
        expect(page.locator("meta[http-equiv=refresh]")).to_have_count(0)
        expect(page.locator("label[for=job-progress]")).to_have_text("Rows checked: 10 of 100")
        page.get_by_role("link", name="Check again").click()
        expect(page.get_by_role("status").filter(has_text="100 rows added.")).to_be_visible()
    finally:
        context.close()
