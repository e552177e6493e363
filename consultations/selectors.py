"""Reads of documents for comment and their comments, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coalition.permissions import roles_of
from consultations.models import Comment, Document, Section

_DOCUMENT_RELATED = ("host", "initiative", "milestone")


def document_list() -> QuerySet[Document]:
    """The public list: every document with an opening date, open ones first."""
    return Document.objects.published().select_related(*_DOCUMENT_RELATED).in_list_order()


@dataclass
class SectionView:
    section: Section | None  # None: comments on the whole document
    comments: list[Comment]


def document_for_reader(*, slug: str, user) -> Document:
    """A published document; a draft is 404 to anyone who may not edit it."""
    document = get_object_or_404(Document.objects.select_related(*_DOCUMENT_RELATED), slug=slug)
    if document.opens_at is None and not (
        getattr(user, "is_authenticated", False)
        and user.has_perm("consultations.edit_document", document)
    ):
        raise Http404
    return document


def document_sections(*, document: Document) -> tuple[list[SectionView], SectionView]:
    """The sections in order, each with its approved comments, and the approved comments on
    the whole document: two queries."""
    approved = Comment.objects.approved().order_by("created_at", "id")
    sections = list(
        document.sections.order_by("position", "id").prefetch_related(
            Prefetch("comments", queryset=approved, to_attr="approved_comments")
        )
    )
    whole = list(approved.filter(document=document, section__isnull=True))
    return (
        [SectionView(section, section.approved_comments) for section in sections],
        SectionView(None, whole),
    )


def document_for_editor(*, slug: str) -> Document:
    return get_object_or_404(Document.objects.select_related(*_DOCUMENT_RELATED), slug=slug)


def documents_of_editor(*, user) -> QuerySet[Document]:
    """The documents the person may edit: every one for a lead, else their organizations'."""
    documents = Document.objects.select_related(*_DOCUMENT_RELATED).annotate(
        pending_count=Count("comments", filter=Q(comments__status=Comment.Status.PENDING))
    )
    roles = roles_of(user)
    if not roles.lead:
        documents = documents.filter(host__in=roles.staff_of)
    return documents.order_by("-created_at", "-id")


def comments_to_moderate() -> QuerySet[Comment]:
    """The leads' queue: confirmed comments waiting for approval, oldest first."""
    return (
        Comment.objects.pending().select_related("document", "section").order_by("created_at", "id")
    )


def approved_comments() -> QuerySet[Comment]:
    """Approved comments, newest first, to hide one later."""
    return (
        Comment.objects.approved()
        .select_related("document", "section")
        .order_by("-moderated_at", "-id")
    )


def comment_to_moderate(*, pk: int) -> Comment:
    """A confirmed comment (waiting, approved or hidden); an unconfirmed one is 404."""
    return get_object_or_404(
        Comment.objects.exclude(status=Comment.Status.UNCONFIRMED).select_related("document"),
        pk=pk,
    )


def comments_of(*, user) -> QuerySet[Comment]:
    """What a person sent while signed in (a comment sent signed out is tied to no account)."""
    return Comment.objects.filter(user=user).select_related("document", "section")
