"""Follows built as the site builds them, and the links their emails carry."""

import re

import factory
from django.core import mail
from django.utils import timezone
from factory.django import DjangoModelFactory

from communities.models import Follow
from tests.factories import CommunityFactory


class FollowFactory(DjangoModelFactory):
    """A confirmed follow (`confirmed_at=None` for one still waiting)."""

    class Meta:
        model = Follow

    community = factory.SubFactory(CommunityFactory)
    email = factory.Sequence(lambda n: f"follower{n}@example.org")
    language = "en"
    confirmed_at = factory.LazyFunction(timezone.now)


def link_in(message, name: str) -> str:
    """The path of the /follows/<name>/<token>/ link in an email's body."""
    match = re.search(rf"https?://[^/\s]+(/follows/{name}/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def only_email():
    [message] = mail.outbox
    return message
