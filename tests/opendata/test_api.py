"""The API as a client uses it: pages, wrong input, caching, CORS, writes, the rate limit."""

import json

import pytest
from django.test import Client

from tests import factories
from tests.opendata.helpers import TABLES, error, get, read

pytestmark = pytest.mark.django_db


def test_a_table_comes_a_page_at_a_time(db):
    for number in range(7):
        factories.OrganizationFactory(slug=f"org-{number}")

    first = read("/api/v1/organizations/?page_size=3")
    third = read("/api/v1/organizations/?page_size=3&page=3")

    assert first["count"] == 7
    assert [row["slug"] for row in first["results"]] == ["org-0", "org-1", "org-2"]
    assert first["previous"] is None
    second = read(first["next"])
    assert [row["slug"] for row in second["results"]] == ["org-3", "org-4", "org-5"]
    assert [row["slug"] for row in third["results"]] == ["org-6"]
    assert third["next"] is None
    assert len(read("/api/v1/organizations/")["results"]) == 7  # 50 by default


@pytest.mark.parametrize("size", ["501", "0", "-1", "many"])
def test_a_page_size_over_the_maximum_or_not_a_number_is_refused_with_a_message(db, size):
    body = error(f"/api/v1/events/?page_size={size}")

    assert body == {"page_size": ["The page size must be a whole number from 1 to 500."]}


def test_a_page_past_the_end_is_not_found(db):
    assert "detail" in error("/api/v1/events/?page=9", status=404)


def test_unknown_query_parameters_are_refused_naming_them(db):
    body = error("/api/v1/events/?colour=red&sort=name&community=lynn")

    [message] = body["unknown_parameters"]
    assert message.startswith("Unknown query parameters: colour, sort.")
    assert "community" in message  # what the table takes


def test_the_root_takes_no_query_parameter(db):
    [message] = error("/api/v1/?format=xml")["unknown_parameters"]

    assert message == "Unknown query parameters: format. This address takes none."


def test_a_filter_value_that_is_not_a_choice_is_refused_naming_the_filter(db):
    assert "sector" in error("/api/v1/organizations/?sector=pirates")
    assert "community" in error("/api/v1/events/?community=atlantis")
    assert "from_date" in error("/api/v1/events/?from_date=yesterday")


def test_an_unchanged_table_answers_304_to_its_etag_and_a_change_shows_at_once(network):
    first = get("/api/v1/organizations/")
    etag = first["ETag"]

    again = get("/api/v1/organizations/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    factories.OrganizationFactory(slug="new-partner")

    changed = get("/api/v1/organizations/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "new-partner" in [row["slug"] for row in json.loads(changed.content)["results"]]
    assert "public" in first["Cache-Control"]


def test_cors_is_open_to_any_site_for_reading_only(network):
    response = get("/api/v1/events/", HTTP_ORIGIN="https://news.example")
    preflight = Client().options(
        "/api/v1/events/",
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    page = get("/events/", HTTP_ORIGIN="https://news.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in page  # only under /api/


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_not_allowed(network, method):
    for url in ("/api/v1/", "/api/v1/events/", "/api/v1/events.csv", "/api/v1/schema/"):
        response = getattr(Client(), method)(url, data={}, content_type="application/json")
        assert response.status_code == 405, url
        assert json.loads(response.content)["detail"], url


def test_head_answers_as_get_without_a_body(network):
    response = Client().head("/api/v1/events/")

    assert response.status_code == 200
    assert response.content == b""


def test_too_many_requests_from_one_address_get_429_with_a_message(network, settings):
    settings.OPEN_DATA_RATE_LIMIT = "3/minute"
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):  # the second and third are answered from the cache: counted all the same
        assert client.get("/api/v1/events/").status_code == 200

    refused = client.get("/api/v1/events.csv", HTTP_ORIGIN="https://news.example")

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    body = json.loads(refused.content)
    assert body["detail"].startswith("Too many requests from your address.")
    assert int(refused["Retry-After"]) == body["retry_after"] > 0
    assert refused["Access-Control-Allow-Origin"] == "*"  # a browser client can read why
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/v1/events/").status_code == 200


def test_no_page_of_the_api_is_html_nor_carries_a_cookie(network):
    for table in TABLES:
        response = get(f"/api/v1/{table}/", HTTP_ACCEPT="text/html")
        assert response["Content-Type"] == "application/json", table
        assert not response.cookies, table
