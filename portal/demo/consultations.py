"""Load the demo's drafts open for comment: examples only (checks.EXAMPLE_ONLY), each with its
sections and example comments, dated from the day of the load."""

import datetime as dt

from django.utils import timezone

from consultations.models import Comment, Document, Section
from initiatives.models import Milestone
from portal.demo.events import email_for
from portal.demo.files import Row, bilingual


def load_consultations(rows, orgs, objectives, now):
    for row in rows:
        row.take("example")  # every document is an example (checks.EXAMPLE_ONLY)
        sections = row.nested("section")
        comments = row.nested("comment")
        slug = row.take("slug")
        host = row.one(orgs, row.take("host"), "organization")
        milestone = _milestone(row.table("milestone"), objectives)
        opens_at = now + dt.timedelta(days=row.take("opens_days_from_today"))
        closes_at = now + dt.timedelta(days=row.take("closes_days_from_today"))
        fields = row.fields(
            Document,
            host=host,
            milestone=milestone,
            initiative=milestone.objective.initiative if milestone else None,
            opens_at=opens_at,
            closes_at=closes_at,
            is_example=True,
        )
        fields = bilingual(Document, {"introduction": "", "source": "", "source_url": "", **fields})
        document, _ = Document.objects.update_or_create(slug=slug, defaults=fields)
        by_heading = {}
        for position, section_row in enumerate(sections, start=1):
            heading = section_row.take("heading")
            section_fields = bilingual(Section, {"text": "", **section_row.fields(Section)})
            section_fields["position"] = position
            by_heading[heading], _ = Section.objects.update_or_create(
                document=document, heading=heading, defaults=section_fields
            )
        for number, comment_row in enumerate(comments):
            _comment(comment_row, document, by_heading, opens_at + dt.timedelta(days=number + 1))


def _milestone(row: Row | None, objectives):
    if row is None:
        return None
    objective = row.one(objectives, row.take("objective"), "objective")
    title = row.take("title")
    milestone = Milestone.objects.filter(objective=objective, title=title).first()
    if milestone is None:
        row.fail(f"there is no milestone {title!r}")
    return milestone


def _comment(row: Row, document, by_heading, sent_at):
    """A comment as it would stand: confirmed a little after it was sent, approved (or waiting
    for a lead) by then. Its person is one of shared.toml's example people."""
    name = row.take("person")
    section = row.one(by_heading, row.take("section", None), "section heading")
    status = row.choice(Comment, "status", row.take("status"))
    fields = row.fields(
        Comment,
        section=section,
        name=name,
        email=email_for(name),
        status=status,
        confirmed_at=sent_at + dt.timedelta(minutes=10),
        moderated_at=sent_at + dt.timedelta(hours=2) if status == "approved" else None,
    )
    text = fields.pop("text")
    comment, _ = Comment.objects.update_or_create(document=document, text=text, defaults=fields)
    # The time it was sent, as it stood (auto_now_add takes the load's).
    Comment.objects.filter(pk=comment.pk).update(created_at=min(sent_at, timezone.now()))
