"""The open data read as a client reads it: JSON parsed from the answer, CSV parsed as a
spreadsheet program would."""

import csv
import io
import json

from django.test import Client

from opendata.tables import TABLES as REGISTERED

# Every table registered (opendata.catalog): a new one is walked by every test here, and must
# say what it costs (test_query_counts) and how it is filtered (test_files_and_schema).
TABLES = tuple(REGISTERED)


def get(url: str, client: Client | None = None, **headers):
    return (client or Client()).get(url, **headers)  # META: HTTP_IF_NONE_MATCH=...


def read(url: str, client: Client | None = None, **headers) -> dict:
    response = get(url, client, **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def error(url: str, status: int = 400) -> dict:
    response = get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def csv_rows(url: str) -> list[dict[str, str]]:
    response = get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))
