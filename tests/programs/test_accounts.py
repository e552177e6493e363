"""A signed-in person's applications are theirs: in "download my data", and untied from the
account when it is deleted (the program keeps its records under the address)."""

import json

import pytest

from programs import services
from programs.models import Application
from tests.factories import verified_user
from tests.programs.helpers import open_call

pytestmark = pytest.mark.django_db


def test_download_my_data_holds_my_applications(client):
    call = open_call(name="Educator Voice Academy")
    member = verified_user("marta@example.org", name="Marta")
    services.application_start(
        call=call, name="Marta", email="marta@example.org", language="es", user=member
    )
    client.force_login(member)
    assert "your applications to programs" in client.get("/me/data/").content.decode()
    data = json.loads(client.post("/me/data/").content)
    [mine] = data["program_applications"]
    assert mine["program"] == "Educator Voice Academy" and mine["status"] == "draft"


def test_deleting_the_account_unties_its_applications(client):
    call = open_call()
    member = verified_user("marta@example.org")
    member.set_password("a-long-password-1")
    member.save()
    services.application_start(
        call=call, name="Marta", email="marta@example.org", language="en", user=member
    )
    client.force_login(member)
    assert client.post("/me/delete/", {"password": "a-long-password-1"}).status_code == 302
    assert Application.objects.get().user is None
