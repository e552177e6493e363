"""Every change to documents for comment and their comments: atomic, validated before it is
saved, audited in the same transaction, its emails written to the outbox with it."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.services import audit_log, email_queue
from coalition.translation import localized
from consultations.models import Comment, Document, Section

# The first path segments under /consult/ that are pages, not documents (see urls.py).
RESERVED_SLUGS = frozenset({"manage", "moderation", "confirm"})


class CommentPeriodClosed(ValidationError):
    """The document takes no comments now: not yet open, or closed."""


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "document"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Document.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_links(document: Document) -> None:
    """A milestone's initiative is the document's: taken from it when not given."""
    milestone = document.milestone
    if milestone is None:
        return
    initiative_id = milestone.objective.initiative_id
    if document.initiative_id is None:
        document.initiative_id = initiative_id
    elif document.initiative_id != initiative_id:
        raise ValidationError(
            {"milestone": _("This milestone belongs to another initiative than the one chosen.")}
        )


@transaction.atomic
def document_create(*, actor, fields: dict, ip: str | None = None) -> Document:
    """A new document; public once it has an opening date (`opens_at`)."""
    document = Document(**fields, created_by=actor)
    # From the English title where there is one: the address does not follow the language.
    document.slug = _unique_slug(localized(document, "title", language="en").text)
    _check_links(document)
    document.full_clean()
    document.save()
    audit_log(actor=actor, action="consultation.created", target=document, ip=ip)
    if document.opens_at:
        audit_log(
            actor=actor, action="consultation.opened", target=document, data=_dates(document), ip=ip
        )
    return document


def _dates(document: Document) -> dict:
    return {
        "opens_at": document.opens_at.isoformat() if document.opens_at else None,
        "closes_at": document.closes_at.isoformat() if document.closes_at else None,
    }


@transaction.atomic
def document_update(*, actor, document: Document, fields: dict, ip: str | None = None) -> Document:
    """Change a document; a change of its dates (opening it, closing it) is audited apart."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    before = _dates(document)
    for name, value in fields.items():
        setattr(document, name, value)
    _check_links(document)
    document.full_clean()
    document.save()
    changed = [name for name in fields if name not in ("opens_at", "closes_at")]
    audit_log(
        actor=actor, action="consultation.updated", target=document, data={"fields": changed}, ip=ip
    )
    if _dates(document) != before:
        action = (
            "consultation.opened" if before["opens_at"] is None else "consultation.dates_changed"
        )
        audit_log(actor=actor, action=action, target=document, data=_dates(document), ip=ip)
    return document


@transaction.atomic
def section_save(
    *, actor, document: Document, fields: dict, section: Section | None = None, ip=None
) -> Section:
    section = section or Section(document=document)
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    audit_log(
        actor=actor,
        action="consultation.section_saved",
        target=document,
        data={"section": section.pk},
        ip=ip,
    )
    return section


# --- Comments ---------------------------------------------------------------------------------


def comment_period_check(document: Document, *, now=None) -> None:
    """Raise CommentPeriodClosed, saying why, unless the document takes comments now."""
    status = document.status_at(now or timezone.now())
    if status == Document.Status.OPEN:
        return
    if status == Document.Status.CLOSED:
        raise CommentPeriodClosed(
            _("The comment period for this document is closed."), code="closed"
        )
    raise CommentPeriodClosed(_("This document is not open for comment yet."), code="not_open")


def confirm_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=Comment.TOKEN_SALT)


def confirm_url(comment: Comment) -> str:
    """The link in the email (absolute)."""
    return settings.SITE_URL + reverse(
        "consultations:confirm", kwargs={"token": confirm_token(comment)}
    )


@transaction.atomic
def comment_create(
    *,
    document: Document,
    name: str,
    email: str,
    language: str,
    text: str,
    section: Section | None = None,
    user=None,
) -> Comment:
    """Record a comment, unconfirmed, and email its author the link that confirms it, in their
    language. Refused while the document is not open; a section of another document is refused."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    comment_period_check(document)
    if section is not None and section.document_id != document.pk:
        raise ValidationError({"section": _("Choose a part of this document.")})
    comment = Comment(
        document=document,
        section=section,
        name=name.strip(),
        email=email.strip().lower(),
        language=language,
        text=text.strip(),
        user=user if user is not None and user.is_authenticated else None,
    )
    comment.full_clean()
    comment.save()
    context = {
        "comment": comment,
        "document": document,
        "confirm_url": confirm_url(comment),
        "document_url": settings.SITE_URL + document.get_absolute_url(),
        "days": Comment.CONFIRM_MAX_AGE.days,
    }
    with translation.override(comment.language):
        subject = render_to_string("consultations/email/confirm_subject.txt", context).strip()
        body = render_to_string("consultations/email/confirm_message.txt", context)
    email_queue(
        to=[comment.email], subject=subject, body=body, dedupe_key=f"comment:{comment.pk}:confirm"
    )
    return comment


class ConfirmLinkExpired(Exception):
    """A confirmation link that was ours, made longer ago than Comment.CONFIRM_MAX_AGE."""


def comment_from_token(*, token: str, for_update: bool = False) -> Comment:
    """The comment a confirmation link stands for; 404 for a link that was never ours (a bad
    signature, a deleted comment), ConfirmLinkExpired for an old one still unconfirmed."""
    try:
        pk = signing.loads(token, salt=Comment.TOKEN_SALT, max_age=Comment.CONFIRM_MAX_AGE)
        expired = False
    except signing.SignatureExpired:
        pk = signing.loads(token, salt=Comment.TOKEN_SALT)
        expired = True
    except signing.BadSignature:
        raise Http404 from None
    queryset = Comment.objects.select_related("document", "section")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    comment = queryset.filter(pk=pk).first()
    if comment is None:
        raise Http404
    if expired and comment.status == Comment.Status.UNCONFIRMED:
        raise ConfirmLinkExpired
    return comment


@transaction.atomic
def comment_confirm(*, token: str) -> Comment:
    """The author confirmed their address: the comment waits for a lead's approval. Confirming
    twice changes nothing."""
    comment = comment_from_token(token=token, for_update=True)
    if comment.status != Comment.Status.UNCONFIRMED:
        return comment
    comment.status = Comment.Status.PENDING
    comment.confirmed_at = timezone.now()
    comment.save(update_fields=["status", "confirmed_at"])
    audit_log(actor=None, action="comment.confirmed", target=comment)
    return comment


@transaction.atomic
def comment_approve(*, actor, comment: Comment, ip: str | None = None) -> Comment:
    """A lead approves a confirmed comment (or shows again one hidden): the public reads it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.UNCONFIRMED:
        raise ValidationError(_("This comment's email address is not confirmed yet."))
    if comment.status == Comment.Status.APPROVED:
        raise ValidationError(_("This comment is already approved."))
    comment.status = Comment.Status.APPROVED
    comment.hidden_reason = ""
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    audit_log(actor=actor, action="comment.approved", target=comment, ip=ip)
    return comment


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str, ip: str | None = None) -> Comment:
    """A lead hides a comment, waiting or approved, with the reason (kept in the audit log)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is hidden.")})
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.HIDDEN:
        raise ValidationError(_("This comment is already hidden."))
    was = comment.status
    comment.status = Comment.Status.HIDDEN
    comment.hidden_reason = reason
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    audit_log(
        actor=actor,
        action="comment.hidden",
        target=comment,
        data={"reason": reason, "was": was},
        ip=ip,
    )
    return comment


def comments_forget(*, user) -> int:
    """The person's account is deleted: the comments they sent while signed in go with it."""
    deleted, _by_model = Comment.objects.filter(user=user).delete()
    return deleted
