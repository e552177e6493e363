"""A signed-in member's comments are theirs: in "download my data", and gone with the account.
A comment sent signed out is tied to no account."""

import json

import pytest

from coalition.models import AuditLog
from consultations.models import Comment
from tests.consultations.helpers import comment, document
from tests.factories import UserFactory, verified_user
from tests.support.markup import markup_problems

pytestmark = pytest.mark.django_db


def test_download_my_data_holds_the_comments_sent_signed_in(client):
    member = verified_user("marta@example.org", name="Marta")
    doc = document(title="Our agenda")
    comment(doc, user=member, name="Marta", email="marta@example.org", text="Mine")
    comment(doc, name="Marta", email="marta@example.org", text="Sent signed out")
    comment(doc, text="Someone else's")
    client.force_login(member)

    assert "the comments on drafts you sent" in client.get("/me/data/").content.decode()
    data = json.loads(client.post("/me/data/").content)

    [mine] = data["comments_on_drafts"]
    assert mine["text"] == "Mine" and mine["document"] == "Our agenda"
    assert mine["status"] == "approved" and mine["email"] == "marta@example.org"


def test_deleting_the_account_deletes_its_comments(client):
    member = UserFactory(email="marta@example.org")
    member.set_password("a-long-password-1")
    member.save()
    doc = document()
    comment(doc, user=member, text="Mine")
    comment(doc, text="Someone else's")
    client.force_login(member)

    response = client.post("/me/delete/", {"password": "a-long-password-1"})

    assert response.status_code == 302
    assert list(Comment.objects.values_list("text", flat=True)) == ["Someone else's"]
    assert AuditLog.objects.get(action="account.deleted").data["comments_deleted"] == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_public_pages_keep_the_markup_rules_in_both_languages(client, language):
    doc = document()
    comment(doc, section=doc.sections.first())
    client.cookies["django_language"] = language
    pages = [
        client.get("/consult/"),
        client.get(doc.get_absolute_url()),
        client.post(doc.get_absolute_url(), {"text": "<b>x</b>"}),
        client.get("/consult/confirm/not-a-token/"),
    ]
    for response in pages:
        assert markup_problems(response.content.decode()) == [], response.request["PATH_INFO"]
