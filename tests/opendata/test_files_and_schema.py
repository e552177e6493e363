"""The CSV files hold the JSON's rows; the OpenAPI schema validates and documents every
column; the /open-data/ page explains it all in both languages."""

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from opendata.api import cell
from opendata.tables import TABLES as REGISTERED
from tests import factories
from tests.opendata.helpers import TABLES, csv_rows, get, read

pytestmark = pytest.mark.django_db

QUERIES = {
    "events": ["", "?community=lynn&language=es"],
    "initiatives": ["", "?partner=lynn-family"],
    "objectives": ["", "?status=on_track"],
    "indicators": ["", "?unit=count"],
    "measurements": ["", "?indicator=children-enrolled&student_group=all"],
    "organizations": ["", "?sector=community&page=2&page_size=1"],
    "communities": ["", "?kind=city"],
    "resources": ["", "?initiative=early-learning&kind=report&language=en"],
}


@pytest.mark.parametrize("table", TABLES)
def test_a_csv_file_holds_the_same_rows_as_the_json_for_the_same_query(network, table):
    factories.OrganizationFactory(slug="zz-second", name='=HYPERLINK("http://evil")')
    for query in QUERIES[table]:
        rows = read(f"/api/v1/{table}/{query}")["results"]
        assert rows, (table, query)

        in_csv = csv_rows(f"/api/v1/{table}.csv{query}")

        assert [list(row) for row in in_csv[:1]] == [list(rows[0])]
        expected = [{key: cell(value) for key, value in row.items()} for row in rows]
        if table == "organizations":  # what a spreadsheet would run is quoted
            expected = [
                {k: ("'" + v if v.startswith("=") else v) for k, v in row.items()}
                for row in expected
            ]
        assert in_csv == expected, (table, query)


def test_a_csv_file_answers_bad_input_as_the_json_does(db):
    response = get("/api/v1/events.csv?colour=red")

    assert response.status_code == 400
    assert "colour" in json.loads(response.content)["unknown_parameters"][0]


def test_the_schema_validates_without_a_warning(tmp_path):
    # drf-spectacular's own check: the OpenAPI 3 specification, and nothing guessed.
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(tmp_path / "schema.json"),
    )
    written = json.loads((tmp_path / "schema.json").read_text())
    served = json.loads(get("/api/v1/schema/").content)
    assert written["paths"] == served["paths"]


def test_the_schema_describes_every_column_of_every_table(db):
    schema = json.loads(get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]

    for name in TABLES:
        path = schema["paths"][f"/api/v1/{name}/"]["get"]
        assert path["description"], name
        table = REGISTERED[name]
        component = components[table.serializer.__name__.removesuffix("Serializer")]
        assert list(component["properties"]) == [column for column, _f in table.columns()]
        for column, spec in component["properties"].items():
            assert spec.get("description"), (name, column)
    measurement = components["Measurement"]["properties"]
    assert "example" in measurement["is_example"]["description"].lower()
    assert "source gives" in measurement["as_of"]["description"]
    assert "fewer than 5" in measurement["value"]["description"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"page", "page_size", "when", "community", "language", "initiative"} <= parameters


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_open_data_page_explains_each_table_in_both_languages(network, language):
    response = Client().get("/open-data/", HTTP_ACCEPT_LANGUAGE=language)
    page = re.sub(r"\s+", " ", response.content.decode())

    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    for table in TABLES:
        assert f'href="/api/v1/{table}/"' in page
        assert f'href="/api/v1/{table}.csv"' in page
    assert 'href="/api/v1/schema/"' in page
    assert "<code>is_example</code>" in page
    assert "<code>as_of</code>" in page
    if language == "en":  # (the Spanish is filled in the translation files)
        assert "<h1>Open data</h1>" in page
        assert "given as “fewer than 5”" in page
        assert "Each address may make 120 requests per minute" in page


def test_the_footer_links_to_the_open_data(db):
    assert 'href="/open-data/"' in Client().get("/").content.decode()
