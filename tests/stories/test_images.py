"""A story's image: its content checked by Pillow (type, size, dimensions), bad files refused
beside the field with nothing stored, stored under an unguessable name and served by a view,
with its type and nosniff, only to those who may see the story."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stories.images import MAX_IMAGE_BYTES
from stories.models import Story
from tests.factories import OrganizationFactory, image_upload, join_staff, story, verified_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory()


@pytest.fixture
def author(org):
    person = verified_user("ana@example.org")
    join_staff(org, person)
    return person


def stored_files(settings):
    root = os.path.join(settings.MEDIA_ROOT, "stories")
    return os.listdir(root) if os.path.isdir(root) else []


def post(client, org, image):
    data = {
        "title_en": "A story",
        "image_alt_en": "A picture.",
        "organization": org.pk,
        "image": image,
    }
    return client.post("/stories/new/", data)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("photo.png", b"<html>not an image</html>", content_type="image/png"),
            "This file is not a JPEG, PNG or WebP image.",
        ),
        (image_upload(kind="GIF", name="photo.gif"), "This file is not a JPEG, PNG or WebP image."),
        (image_upload(size=(50, 50)), "each side must be from 200 to 8000 pixels"),
        (image_upload(size=(9000, 300)), "each side must be from 200 to 8000 pixels"),
    ],
)
def test_a_bad_image_is_refused_beside_the_field_and_nothing_is_stored(
    client, org, author, settings, upload, message
):
    client.force_login(author)
    response = post(client, org, upload)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert not Story.objects.exists()
    assert stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(client, org, author, settings):
    client.force_login(author)
    big = SimpleUploadedFile("big.png", b"\0" * (MAX_IMAGE_BYTES + 1), content_type="image/png")
    response = post(client, org, big)
    assert response.status_code == 400
    assert "The file is 6 MB; 5 MB at most." in response.content.decode()
    assert stored_files(settings) == []


@pytest.mark.parametrize(("kind", "content_type"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_jpeg_and_webp_are_stored_under_an_unguessable_name(
    client, org, author, kind, content_type
):
    client.force_login(author)
    # The name says PNG; the content decides.
    response = post(client, org, image_upload(kind=kind, name="photo.png"))
    assert response.status_code == 302
    made = Story.objects.get()
    assert made.image_type == content_type
    name = made.image.name
    assert name.startswith("stories/") and "photo" not in name and len(name) > 35


def test_the_image_is_served_with_its_type_and_nosniff_once_published(client, org):
    made = story(organization=org)
    response = client.get(made.get_image_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_image_of_an_unpublished_story_is_for_its_editors_only(client, org, author):
    made = story(organization=org, status="submitted")
    assert client.get(made.get_image_url()).status_code == 404
    client.force_login(author)
    response = client.get(made.get_image_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_new_image_replaces_the_old_one_in_storage(
    client, org, author, settings, django_capture_on_commit_callbacks
):
    made = story(organization=org, author=author, status="draft")
    old = made.image.name
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/stories/{made.slug}/edit/",
            {
                "title_en": made.title_en,
                "organization": org.pk,
                "image": image_upload(kind="JPEG", name="new.jpg"),
            },
        )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.image.name != old and made.image_type == "image/jpeg"
    assert stored_files(settings) == [made.image.name.rpartition("/")[2]]
