"""CSV imports write in bulk (no signal): the pages kept whole for anonymous visitors
(coalition.pagecache) still show the new rows on the very next request."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from initiatives.models import Indicator
from tests.factories import (
    IndicatorFactory,
    ObjectiveFactory,
    two_factor_lead,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(client):
    client.force_login(two_factor_lead())


def seen(url: str) -> str:
    return re.sub(r"\s+", " ", Client().get(url).content.decode())


def upload(client, text, kind, capture):
    with capture(execute=True):
        response = client.post(
            "/network/imports/",
            {"kind": kind, "file": SimpleUploadedFile("rows.csv", text.encode(), "text/csv")},
        )
    assert response.status_code == 302
    assert "1 row added." in client.get(response["Location"]).content.decode()


def test_imported_organizations_show_at_once_in_the_directory(
    client, lead, django_capture_on_commit_callbacks
):
    assert "Lynn Family Center" not in seen("/partners/")
    upload(
        client,
        "name,sector,city\nLynn Family Center,community,Lynn\n",
        "import_organizations",
        django_capture_on_commit_callbacks,
    )
    assert "Lynn Family Center" in seen("/partners/")


def test_imported_figures_show_at_once_on_the_objective_page(
    client, lead, django_capture_on_commit_callbacks
):
    math = IndicatorFactory(slug="math", name="Math proficiency", unit=Indicator.Unit.PERCENT)
    objective = ObjectiveFactory(initiative=math.initiative, indicator=math)
    assert "No figure yet" in seen(objective.get_absolute_url())
    upload(
        client,
        "indicator,period_start,period_label,student_group,value,site,source\n"
        "math,2024-09-01,2024-25,all,44,,Demo\n",
        "import_measurements",
        django_capture_on_commit_callbacks,
    )
    page = seen(objective.get_absolute_url())
    assert "No figure yet" not in page and "2024-25" in page
