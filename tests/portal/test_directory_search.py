"""The partner directory's keyword box (`q`): the site search's matching (coalition.search)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import InitiativeFactory, InitiativePartnerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return re.findall(r'<h2><a href="/partners/[^"]+/">([^<]+)</a></h2>', response.content.decode())


def test_the_directory_finds_names_and_descriptions_accents_aside():
    OrganizationFactory(name="Fundación Educativa", slug="fundacion")
    OrganizationFactory(
        name="Harbor Trust", slug="harbor", description_es="Apoyo a la educación bilingüe."
    )
    OrganizationFactory(name="Unrelated", slug="unrelated", approved=False)

    assert names(Client().get("/partners/?q=fundacion")) == ["Fundación Educativa"]
    assert names(Client().get("/partners/?q=bilingue")) == ["Harbor Trust"]
    assert names(Client().get("/partners/?q=unrelated")) == []


def test_an_over_long_keyword_is_refused_by_the_box():
    response = Client().get("/partners/?q=" + "a" * 201)

    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_the_directory_with_keywords_takes_the_same_queries_for_5_and_50():
    initiatives = InitiativeFactory.create_batch(3)

    def add(count, start):
        for n in range(start, start + count):
            organization = OrganizationFactory(name=f"Harbor Group {n}", slug=f"harbor-{n}")
            for initiative in initiatives:
                InitiativePartnerFactory(initiative=initiative, organization=organization)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url).status_code == 200
        return len(queries)

    add(5, 0)
    with_5 = count("/partners/?q=harbor")
    add(45, 5)
    with_50 = count("/partners/?q=harbor&sort=name")

    # As without keywords (test_directory: 10).
    assert with_5 == with_50 == 10
