"""Every change to stories: atomic, validated before anything is saved, audited in the same
transaction, the author's emails written to the outbox with it. An image is checked
(stories.images) before it is stored, and removed from storage again if the change fails."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from coalition.forms import LANGUAGE_CODES
from coalition.services import audit_log, user_email
from stories.images import image_check
from stories.models import Story

# The first path segments under /stories/ that are pages, not stories (see urls.py).
RESERVED_SLUGS = frozenset({"feed", "mine", "new", "moderation", "newsletter"})
# What a story needs in both languages before a lead may read it for publication.
REQUIRED_TEXTS = ("title", "summary", "body", "image_alt")
LINKS = ("initiatives", "communities")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "story"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Story.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _complete_check(story: Story) -> None:
    """Both languages of every text and the image, or the fields that miss them, each said
    next to its field."""
    errors = {}
    for name in REQUIRED_TEXTS:
        for code in LANGUAGE_CODES:
            if not (getattr(story, f"{name}_{code}") or "").strip():
                errors[f"{name}_{code}"] = _(
                    "Needed in both languages before the story is submitted."
                )
    if not story.image:
        errors["image"] = _("Add an image before the story is submitted.")
    if errors:
        raise ValidationError(errors)


def _save(*, story: Story, fields: dict, links: dict, image, submit: bool) -> None:
    """Set the fields, check all, then store the image and the row together; an image stored
    for a change that fails after all is deleted again."""
    for name, value in fields.items():
        setattr(story, name, value)
    checked = image_check(image) if image is not None else None
    if checked is not None:
        story.image_type = checked.content_type
    story.full_clean(exclude=["image", "slug"])
    if submit:
        if checked is not None:
            story.image = f"pending.{checked.extension}"  # checked as present; named below
        _complete_check(story)
    old_name = story.image.name if image is not None and story.pk else ""
    stored = ""
    try:
        if checked is not None:
            story.image.save(f"upload.{checked.extension}", image, save=False)
            stored = story.image.name
        story.save()
        for name, values in links.items():
            getattr(story, name).set(values)
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise
    if old_name and old_name != stored:
        transaction.on_commit(lambda: default_storage.delete(old_name))


def _submitted(*, actor, story: Story, ip) -> None:
    story.status = Story.Status.SUBMITTED
    story.submitted_at = timezone.now()
    story.return_reason = ""
    story.save(update_fields=["status", "submitted_at", "return_reason", "updated_at"])
    audit_log(actor=actor, action="story.submitted", target=story, ip=ip)


@transaction.atomic
def story_create(
    *,
    actor,
    fields: dict,
    links: dict | None = None,
    image=None,
    submit: bool = False,
    ip: str | None = None,
) -> Story:
    """A new story, as a draft (or submitted for review at once, `submit`). The address comes
    from the English title and stays when the title changes."""
    story = Story(author=actor)
    title = fields.get("title_en") or fields.get("title_es") or fields.get("title") or ""
    story.slug = _unique_slug(title)
    _save(story=story, fields=fields, links=links or {}, image=image, submit=submit)
    audit_log(actor=actor, action="story.created", target=story, ip=ip)
    if submit:
        _submitted(actor=actor, story=story, ip=ip)
    return story


NOT_EDITABLE = _lazy("This story is with a lead or published: it can no longer be changed here.")


def _editable(story: Story) -> Story:
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not story.is_editable:
        raise ValidationError(NOT_EDITABLE)
    return story


@transaction.atomic
def story_update(
    *,
    actor,
    story: Story,
    fields: dict,
    links: dict | None = None,
    image=None,
    submit: bool = False,
    ip: str | None = None,
) -> Story:
    """Change a draft or a returned story (`image` replaces the image); `submit` sends it for
    review in the same change, or changes nothing when it is not complete."""
    story = _editable(story)
    _save(story=story, fields=fields, links=links or {}, image=image, submit=submit)
    audit_log(
        actor=actor, action="story.updated", target=story, data={"fields": sorted(fields)}, ip=ip
    )
    if submit:
        _submitted(actor=actor, story=story, ip=ip)
    return story


@transaction.atomic
def story_submit(*, actor, story: Story, ip: str | None = None) -> Story:
    """Send a complete draft (or a returned story) to the leads for review."""
    story = _editable(story)
    _complete_check(story)
    _submitted(actor=actor, story=story, ip=ip)
    return story


def _waiting(story: Story) -> Story:
    story = Story.objects.select_for_update(of=("self",)).select_related("author").get(pk=story.pk)
    if story.status != Story.Status.SUBMITTED:
        raise ValidationError(_("This story is not waiting for review."))
    return story


def _tell_author(story: Story, kind: str) -> None:
    if story.author is None or not story.author.email:
        return
    user_email(
        user=story.author,
        template=f"stories/email/{kind}",
        context={
            "story": story,
            "story_url": settings.SITE_URL + story.get_absolute_url(),
            "edit_url": settings.SITE_URL + f"/stories/{story.slug}/edit/",
        },
        dedupe_key=f"story:{story.pk}:{kind}:{story.submitted_at:%Y%m%d%H%M%S%f}",
    )


@transaction.atomic
def story_approve(*, actor, story: Story, ip: str | None = None) -> Story:
    """Publish a story waiting for review; its author is told, in their language."""
    story = _waiting(story)
    story.status = Story.Status.APPROVED
    story.published_at = timezone.now()
    story.full_clean(exclude=["image", "slug"])
    story.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=actor, action="story.approved", target=story, ip=ip)
    _tell_author(story, "approved")
    return story


@transaction.atomic
def story_return(*, actor, story: Story, reason: str, ip: str | None = None) -> Story:
    """Send a story back to its author with the reason (required), in their language."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the author should change.")})
    story = _waiting(story)
    story.status = Story.Status.RETURNED
    story.return_reason = reason
    story.full_clean(exclude=["image", "slug"])
    story.save(update_fields=["status", "return_reason", "updated_at"])
    audit_log(actor=actor, action="story.returned", target=story, data={"reason": reason}, ip=ip)
    _tell_author(story, "returned")
    return story
