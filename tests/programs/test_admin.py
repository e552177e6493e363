"""The admin's programs pages open for the site's staff."""

import pytest

from tests.programs.helpers import open_call, submitted

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_opens_programs_calls_and_applications(client, superuser):
    call = open_call()
    application = submitted(call)
    client.force_login(superuser)
    for url in [
        "/admin/programs/program/",
        "/admin/programs/program/add/",
        f"/admin/programs/program/{call.program.pk}/change/",
        "/admin/programs/call/",
        f"/admin/programs/call/{call.pk}/change/",
        "/admin/programs/cohort/",
        "/admin/programs/application/",
        f"/admin/programs/application/{application.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
