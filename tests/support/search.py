"""Reading the search page (/search/) in tests: the titles, lines and links of one group, and on
PostgreSQL the plan of a kind's query (whether its GIN indexes can be used)."""

import re

import pytest
from django.db import connection
from django.test import Client

from coalition import search

URL = "/search/"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's full-text search"
)


def get(query: str, *, language: str = "en", kind: str = ""):
    params = {"q": query, **({"kind": kind} if kind else {})}
    return Client(headers={"accept-language": language}).get(URL, params)


def _section(response, kind: str) -> str:
    body = response.content.decode()
    found = re.search(rf'<section[^>]*aria-labelledby="results-{kind}".*?</section>', body, re.S)
    return found.group(0) if found else ""


def titles(response, kind: str) -> list[str]:
    """The titles of the results in one group, in page order."""
    return re.findall(
        r'<h3><a href="[^"]+">(?:<span lang="\w+">)?([^<]+)', _section(response, kind)
    )


def links(response, kind: str) -> list[str]:
    return re.findall(r'<h3><a href="([^"]+)">', _section(response, kind))


def lines(response, kind: str) -> list[str]:
    """The line under each title (what it is, who states it, when)."""
    return [
        re.sub(r"<[^>]+>|\s+", " ", line).strip()
        for line in re.findall(r'<p class="meta">(.*?)</p>', _section(response, kind), re.S)
    ]


def snippets(response, kind: str) -> list[str]:
    return re.findall(r'<p class="search-snippet"[^>]*>(.*?)</p>', _section(response, kind), re.S)


def plan(kind_name: str, query: str, *, language: str = "en") -> str:
    """EXPLAIN of the kind's matching over all of its model's rows, the planner told to avoid
    sequential scans (the tables are tiny: the plan shows whether it *can* use the GIN indexes,
    i.e. whether the conditions are exactly their expressions). Over the public rows only, a
    tiny table's plan takes the b-tree index of the public filter instead, as it may."""
    kind = search.kind_named(kind_name)
    rows = kind.queryset().model._default_manager.all()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return search.matching(rows, kind.document, query, language=language).explain()
