"""Nothing personal, ever: every table, as JSON and CSV, walked with people all around it."""

import json

import pytest

from communities import services as communities_services
from initiatives.models import ProgressUpdate
from tests import factories
from tests.events.helpers import confirmed
from tests.opendata.helpers import TABLES, get

pytestmark = pytest.mark.django_db

# Keys that would hold something about a person, whatever the table.
PERSONAL_KEYS = {
    "email",
    "name",  # a person's; organizations and initiatives have name_en / name_es
    "phone",
    "author",
    "user",
    "created_by",
    "recorded_by",
    "applied_by",
    "decided_by",
    "registrations",
    "registrants",
    "followers",
    "staff",
    "members",
    "token",
    "manage_token",
    "online_url",
    "narrative",
}


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_in(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_in(item)}
    return set()


@pytest.fixture
def people_around(network):
    """Registrants, a follower, staff, the author of an update and of a partners-only one."""
    event = network["event"]
    event.online_url = "https://meet.example/secret-room"
    event.save()
    confirmed(event, name="Rosa Registrant", email="rosa@example.org", phone="617-555-0101")
    communities_services.follow_create(
        community=event.community,
        email="felix.follower@example.org",
        name="Felix Follower",
        language="en",
        new_sessions=True,
        answers=True,
    )
    staff = factories.verified_user("sam.staff@example.org", name="Sam Staff")
    factories.join_staff(network["organization"], staff)
    factories.progress_update(
        network["objective"],
        organization=network["organization"],
        author=staff,
        narrative="Private note about Rosa.",
        visibility=ProgressUpdate.Visibility.PARTNERS,
    )
    return [
        "Rosa",
        "rosa@example.org",
        "617-555-0101",
        "felix.follower@example.org",
        "Felix Follower",
        "sam.staff@example.org",
        "Sam Staff",
        "secret-room",
        "Private note",
        event.registrations.get().manage_token,
    ]


def test_no_table_holds_anything_personal_in_json_or_csv(people_around):
    urls = ["/api/v1/"]
    for table in TABLES:
        urls += [f"/api/v1/{table}/", f"/api/v1/{table}/?page_size=500", f"/api/v1/{table}.csv"]
    urls.append("/api/v1/events/?when=past")
    for url in urls:
        response = get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        for secret in people_around:
            assert secret not in body, (url, secret)
        if response["Content-Type"] == "application/json":
            assert not keys_in(json.loads(body)) & PERSONAL_KEYS, url
        else:
            header = body.splitlines()[0].split(",")
            assert not set(header) & PERSONAL_KEYS, url


def test_no_column_of_the_schema_is_personal(db):
    schema = json.loads(get("/api/v1/schema/").content)
    for name, component in schema["components"]["schemas"].items():
        assert not set(component.get("properties", {})) & PERSONAL_KEYS, name
