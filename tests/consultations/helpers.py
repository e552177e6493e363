"""Documents and comments for tests, made the way the site makes them: through the services
(a document by its host's staff, a comment through the form's service, confirmed by its link,
approved by a lead)."""

import datetime as dt
import itertools
import re

from django.utils import timezone

from consultations import services
from consultations.models import Comment, Document
from tests import factories

_numbers = itertools.count(1)


def document(
    *,
    host=None,
    title: str = "",
    opens_in_days: float | None = -1,
    closes_in_days: float = 30,
    sections: int = 2,
    **fields,
) -> Document:
    """A document opened `opens_in_days` from now (None: a draft), closing `closes_in_days`
    from now, with `sections` sections."""
    number = next(_numbers)
    now = timezone.now()
    actor = factories.UserFactory(is_coalition_lead=True)
    opens = None if opens_in_days is None else now + dt.timedelta(days=opens_in_days)
    document = services.document_create(
        actor=actor,
        fields={
            "title_en": title or f"Draft agenda {number}",
            "title_es": f"Borrador de agenda {number}",
            "introduction_en": "What we propose, for your comment.",
            "host": host or factories.OrganizationFactory(),
            "opens_at": opens,
            "closes_at": None if opens is None else now + dt.timedelta(days=closes_in_days),
            **fields,
        },
    )
    for position in range(1, sections + 1):
        services.section_save(
            actor=actor,
            document=document,
            fields={
                "position": position,
                "heading_en": f"Part {position}",
                "heading_es": f"Parte {position}",
                "text_en": f"The text of part {position}.",
            },
        )
    return document


def comment(document: Document, *, status: str = Comment.Status.APPROVED, **fields) -> Comment:
    """A comment sent through the service, then confirmed and approved as far as `status`."""
    number = next(_numbers)
    arguments = {
        "name": f"Commenter {number}",
        "email": f"commenter-{number}@example.org",
        "language": "en",
        "text": f"Comment number {number}.",
        **fields,
    }
    made = services.comment_create(document=document, **arguments)
    if status == Comment.Status.UNCONFIRMED:
        return made
    made = services.comment_confirm(token=services.confirm_token(made))
    if status == Comment.Status.APPROVED:
        made = services.comment_approve(actor=_moderator(), comment=made)
    elif status == Comment.Status.HIDDEN:
        made = services.comment_hide(actor=_moderator(), comment=made, reason="Off topic")
    return made


def _moderator():
    return factories.UserFactory(is_coalition_lead=True)


def confirm_link(message) -> str:
    return re.search(r"https?://[^\s]+(/consult/confirm/[^\s/]+/)", message.body).group(1)
