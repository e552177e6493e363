"""The resources table: public resources only, where to open each (its link, or its file's
address on the portal), who publishes it and when, its links as slugs, its citation in both
languages, and never who added it."""

import json

import pytest

from tests import factories
from tests.opendata.helpers import csv_rows, read
from tests.resources.helpers import pdf_bytes, resource, upload

pytestmark = pytest.mark.django_db


def test_public_resources_with_their_links_and_citations_never_partners_only_ones(network):
    uploader = factories.verified_user("uploader@example.org")
    with_file = resource(
        actor=uploader,
        upload=upload("brief.pdf", pdf_bytes()),
        title_en="Child care costs",
        title_es="Costos del cuidado infantil",
        source="Opportunities Exchange",
    )
    resource(title_en="For partners only", visibility="partners")

    rows = {row["slug"]: row for row in read("/api/v1/resources/")["results"]}

    assert set(rows) == {network["resource"].slug, with_file.slug}
    linked = rows[network["resource"].slug]
    assert linked["url"] == network["resource"].url
    assert linked["initiatives"] == ["early-learning"]
    assert linked["events"] == [network["event"].slug]
    assert linked["communities"] == [network["event"].community.slug]
    assert linked["languages"] == ["en"]
    assert linked["published_on"] == "2024-06-01"
    assert linked["source"] == "Example Network, Reports"
    assert linked["is_example"] is False
    row = rows[with_file.slug]
    assert row["url"] == f"http://testserver/resources/{with_file.slug}/file/"
    assert row["page"] == f"http://testserver/resources/{with_file.slug}/"
    assert row["languages"] == ["en", "es"]
    assert (
        row["title_en"] == "Child care costs" and row["title_es"] == "Costos del cuidado infantil"
    )
    assert row["citation_en"].startswith("Opportunities Exchange. Child care costs. Brief, ")
    assert row["citation_es"].startswith("Opportunities Exchange. Costos del cuidado infantil.")
    assert row["citation_es"].endswith(f"/resources/{with_file.slug}/file/")
    text = json.dumps(rows)
    assert "uploader@example.org" not in text and "For partners only" not in text


def test_the_resources_filters_are_the_library_pages(network):
    factories.ResourceFactory(title="A Spanish slide deck", kind="slides", language="es")

    rows = read("/api/v1/resources/?kind=slides&language=es")["results"]
    assert [row["title_en"] for row in rows] == ["A Spanish slide deck"]
    rows = read("/api/v1/resources/?initiative=early-learning")["results"]
    assert [row["slug"] for row in rows] == [network["resource"].slug]
    in_csv = csv_rows("/api/v1/resources.csv?community=lynn")
    assert [row["slug"] for row in in_csv] == [network["resource"].slug]
    assert in_csv[0]["communities"] == "lynn"
