"""A coalition lead preparing a board meeting: the dashboard filled from the demo data,
filtered to the New Skills ready network and a date range, a table exported, the board packet
printed; and the same dashboard on a phone."""

import csv
import io
import re

from playwright.sync_api import expect

from tests.e2e.helpers import (
    PHONE,
    filter_dashboard_to_the_new_skills_network,
    fits_the_phone,
    sign_in,
)

PANELS = [
    "Progress",
    "Sessions and events",
    "Partners",
    "Equity indicators",
    "Community input",
    "Feedback after sessions",
    "Programs",
]


def test_a_lead_filters_exports_and_prints_the_board_packet(browser, live_server, demo_data):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "lead@example.org", with_code=True)
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network dashboard")

    # Every panel has figures from the demo data, each chart its data table.
    for title in PANELS:
        panel = page.locator("section.panel", has=page.get_by_role("heading", name=title, level=2))
        expect(panel.locator("tbody tr").first).to_be_visible()
    charts = page.locator("main svg[role=img]")
    assert charts.count() >= 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.locator(":scope > title").text_content()
        assert chart.locator(":scope > desc").text_content()
    expect(page.locator("main")).to_contain_text("fewer than 5")

    # The headline figures open the page, each linking to its table, all within one laptop
    # screen before scrolling.
    figures = page.locator(".headline .figure")
    assert 6 <= figures.count() <= 8
    last = figures.last.bounding_box()
    assert last["y"] + last["height"] <= 900
    figures.first.get_by_role("link").click()
    assert page.url.endswith("#objectives-by-status-heading")

    # Filtered to the New Skills ready network over a year to the next two months.
    filter_dashboard_to_the_new_skills_network(page)

    # The table downloads as CSV with the same filters.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download CSV . Objectives by status")).click()
    as_of, *rows = csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig")))
    assert as_of[0].startswith("Figures as of ")  # the time of the figures on the page
    assert rows[0][0] == "Initiative" and rows[0][-4:] == ["Total", "Source", "As of", "Example"]
    assert [row[0] for row in rows[1:]] == ["NSRN Boston"]

    # The board packet of this view, printed.
    page.get_by_role("link", name="Board packet of this view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board packet")
    # Its first page sums up the view; then the dashboard's panels.
    expect(page.locator(".packet__summary")).to_contain_text("New Skills ready network")
    expect(page.locator(".packet__summary .figure")).to_have_count(figures.count())
    sections = page.locator("section.packet__section > h2")
    expect(sections).to_have_text(PANELS)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator(".packet__section").first).to_be_visible()
    assert page.pdf(format="Letter").startswith(b"%PDF-")
    page.emulate_media(media="screen")
    pdf_link = page.get_by_role("link", name="Download as PDF")
    if pdf_link.count():
        # The server lays the PDF out while the browser waits: about ten seconds for this view
        # on a busy two-core machine, so the click may wait longer than the other steps.
        with page.expect_download(timeout=60_000) as download:
            pdf_link.click(timeout=60_000)
        assert download.value.path().read_bytes().startswith(b"%PDF-")
    context.close()


def test_the_dashboard_reads_on_a_phone(browser, live_server, demo_data):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "lead@example.org", with_code=True)
    page.goto(live_server.url + "/dashboard/")
    fits_the_phone(page)
    # Chart text is never drawn under 12 px: the charts keep their own size and scroll in
    # their frame rather than shrink.
    sizes = page.eval_on_selector_all(
        "svg.chart__svg text",
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize)"
        " * t.ownerSVGElement.getBoundingClientRect().width"
        " / t.ownerSVGElement.viewBox.baseVal.width)",
    )
    assert sizes and min(sizes) >= 12
    page.get_by_role("navigation", name="Panels").get_by_role(
        "link", name="Equity indicators"
    ).click()
    expect(
        page.get_by_role("heading", name=re.compile("Students proficient in math")).first
    ).to_be_visible()
    for url in ["/dashboard/packet/", "/dashboard/organizations/edvestors/"]:
        page.goto(live_server.url + url)
        fits_the_phone(page)
    context.close()
