"""The board packet: a first page summing up the view, then the dashboard's panels, printed or
as PDF."""

from pathlib import Path

import pytest

from coalition import versions
from dashboards.views import dashboard_pdf_available

pytestmark = pytest.mark.django_db


def test_the_packets_first_page_summarises_the_view(client, lead, network):
    response = client.get("/dashboard/packet/?initiative=alpha&until=2026-06-10")
    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index('class="packet__header') : page.index('id="progress"')]
    assert "Alpha" in summary and "As of" in summary and "June 10, 2026" in summary
    for label in ["Objectives on track", "Sessions held", "People reached", "Partners active"]:
        assert label in summary
    # Then each panel, as the dashboard has them.
    dashboard = client.get("/dashboard/?initiative=alpha&until=2026-06-10")
    assert [p.slug for p in response.context["panels"]] == [
        p.slug for p in dashboard.context["panels"]
    ]


def test_what_we_heard_groups_a_theme_heard_at_several_sessions(client, lead, network):
    from events.models import Event
    from tests.factories import ThemeFactory

    past_two = Event.objects.get(slug="past-two")
    past_two.report.published_at = past_two.starts_at
    past_two.report.save()
    ThemeFactory(report=past_two.report, title="Safer routes")
    response = client.get("/dashboard/packet/")
    themes = next(t for p in response.context["panels"] for t in p.tables if t.name == "themes")
    rows = {row[0]: row for row in themes.rows}
    assert rows["Safer routes"][1] == 2
    assert [link.text.split(" (")[0] for link in rows["Safer routes"][2].items] == [
        "Past one",
        "Past two",
    ]


def test_the_print_stylesheet_leaves_out_navigation_and_breaks_pages(client):
    css = Path("static/css/site.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header, .site-footer" in print_rules
    assert ".packet__section { page-break-before: always; }" in print_rules


@pytest.mark.skipif(not dashboard_pdf_available(), reason="WeasyPrint needs Pango")
def test_the_packet_as_pdf(client, lead, network):
    response = client.get("/dashboard/packet.pdf?initiative=alpha")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.skipif(not dashboard_pdf_available(), reason="WeasyPrint needs Pango")
def test_the_pdf_badges_example_figures_and_names_their_source(client, lead, network):
    from io import BytesIO

    from pypdf import PdfReader

    from initiatives.models import Measurement

    def pdf_text():
        response = client.get("/dashboard/packet.pdf")
        assert response.status_code == 200
        pages = PdfReader(BytesIO(response.content)).pages
        return " ".join(" ".join(page.extract_text() for page in pages).split())

    plain = pdf_text()
    assert "Math, Lynn, by student group" in plain
    Measurement.objects.filter(indicator__slug="math").update(
        is_example=True, source="Example district report"
    )
    versions.bump("initiatives")  # what a service's QuerySet.update() does after it
    text = pdf_text()
    assert "Example district report" in text
    # The badge is printed with the example figures: more "Example" than the plain packet has
    # (its note on the badge), the source's own words aside.
    badges = text.replace("Example district report", "").count("Example")
    assert badges > plain.count("Example")


def _structure_types(node, seen, depth=0):
    """The structure types (/H1, /Table, /P …) of a tagged PDF's structure tree."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            _structure_types(child, seen, depth)
        return
    if not hasattr(node, "get") or depth > 60:
        return
    if "/S" in node:
        seen.add(str(node["/S"]))
    if "/K" in node:
        _structure_types(node["/K"], seen, depth + 1)


@pytest.mark.skipif(not dashboard_pdf_available(), reason="WeasyPrint needs Pango")
@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("en", ["Board packet", "Progress", "Sessions and events", "Community input"]),
        (
            "es",
            ["Informe para la junta", "Avance", "Sesiones y eventos", "Lo que dice la comunidad"],
        ),
    ],
)
def test_the_pdf_is_tagged_in_the_language_of_the_request(
    client, lead, network, language, headings
):
    """PDF/UA: a structure tree that screen readers follow, the document's language and a title
    shown in place of the file name."""
    from io import BytesIO

    from pypdf import PdfReader

    response = client.get("/dashboard/packet.pdf", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    reader = PdfReader(BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title.startswith(f"{headings[0]} ·")
    types = set()
    _structure_types(catalog["/StructTreeRoot"], types)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= types
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for heading in headings:
        assert heading in text
