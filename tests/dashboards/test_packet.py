"""The board packet: a section per initiative in view, printed or as PDF."""

from pathlib import Path

import pytest

from dashboards.views import dashboard_pdf_available

pytestmark = pytest.mark.django_db


def test_the_packet_has_a_section_per_initiative_in_view(client, lead, network):
    response = client.get("/dashboard/packet/?initiative=alpha")
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [s.initiative.name for s in sections] == ["Alpha", "Alpha One"]
    alpha = sections[0]
    assert [o.title for o in alpha.objectives] == ["A1", "A3"]
    assert dict(alpha.states)["At risk"] == 1
    assert [m.title for m in alpha.milestones] == ["M1"]
    assert [v.indicator.name for v in alpha.indicators] == ["Math"]
    assert [e.title for e in alpha.events] == ["Past one", "Up one"]
    assert [t.shown_title for t in alpha.themes] == ["Safer routes", "More interpreters"]
    page = response.content.decode()
    assert '<h2 id="packet-alpha">Alpha</h2>' in page
    assert "No objective answers it yet." in page


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
