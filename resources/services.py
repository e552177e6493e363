"""Every change to the resource library: atomic, validated before it is saved, audited in the
same transaction. A file is checked (coalition.uploads) before anything is stored; a file
stored for a change that then fails is removed again, and a file a change replaces or a
deleted resource held is removed once the change is committed: nothing is half-stored."""

import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from coalition import versions
from coalition.services import audit_log
from coalition.translation import localized
from coalition.uploads import DOCUMENTS, check_upload
from resources.models import Resource

log = logging.getLogger(__name__)

# The first path segments under /resources/ that are pages, not resources (see urls.py).
RESERVED_SLUGS = frozenset({"new", "manage"})
# The many-to-many links a form gives, by field name.
LINKS = ("initiatives", "focus_areas", "events", "communities")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "resource"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Resource.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _bump(event_ids) -> None:
    """The library's pages and the pages of the events it links (each lists its resources)
    are stale; at once and again after commit (coalition.versions)."""
    versions.bump("resources", "events", *(f"event:{pk}" for pk in event_ids))


def _take_file(resource: Resource, upload) -> None:
    """Check the upload's content and size, then attach it (stored by save() under a random
    name, models.stored_name). The reason for a refusal is said next to the file field."""
    try:
        kind = check_upload(upload, kinds=DOCUMENTS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    resource.file_name = PurePath(upload.name).name[-200:]
    resource.file_type = kind.content_type
    resource.file_size = upload.size
    upload.name = f"upload{kind.extensions[0]}"  # the stored name is random anyway
    resource.file = upload
    resource.url = ""


def _remove_file(storage, name: str) -> None:
    if not name:
        return
    try:
        storage.delete(name)
    except Exception:  # the rows are right; a stray file is only logged
        log.exception("could not delete the stored file %s", name)


def _save(resource: Resource, *, links: dict, actor, action: str, data: dict, ip) -> Resource:
    """Save the row and its links with the audit row, in one transaction. A file stored by
    this save is deleted again if the transaction fails."""
    storage = resource.file.storage
    new_file = bool(resource.file) and not resource.file._committed
    try:
        with transaction.atomic():
            resource.save()
            before = set()
            if resource.pk:
                before = set(resource.events.values_list("pk", flat=True))
            for name, rows in links.items():
                getattr(resource, name).set(rows)
            after = set(resource.events.values_list("pk", flat=True))
            audit_log(actor=actor, action=action, target=resource, data=data, ip=ip)
            _bump(before | after)
    except Exception:
        if new_file:
            _remove_file(storage, resource.file.name if resource.file._committed else "")
        raise
    return resource


@transaction.atomic
def resource_create(
    *, actor, organization, fields: dict, links: dict, upload=None, ip: str | None = None
) -> Resource:
    """A new resource added by `organization` (partner staff for theirs; a lead for any, or
    none): a link (`fields["url"]`) or an uploaded file (`upload`)."""
    resource = Resource(**fields, organization=organization, created_by=actor)
    # From the English title where there is one: the address does not follow the language.
    resource.slug = _unique_slug(localized(resource, "title", language="en").text)
    if upload is not None:
        _take_file(resource, upload)
    resource.full_clean()
    return _save(
        resource,
        links=links,
        actor=actor,
        action="resource.created",
        data={"kind": resource.kind, "visibility": resource.visibility, "file": bool(upload)},
        ip=ip,
    )


@transaction.atomic
def resource_update(
    *,
    actor,
    resource: Resource,
    fields: dict,
    links: dict,
    upload=None,
    remove_file: bool = False,
    ip: str | None = None,
) -> Resource:
    """Change a resource; a new file replaces the old one, a link given instead of a file
    (`remove_file`) drops it. The old file is deleted once the change is committed."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    old_file, storage = resource.file.name, resource.file.storage
    for name, value in fields.items():
        setattr(resource, name, value)
    if upload is not None:
        _take_file(resource, upload)
    elif remove_file:
        resource.file = ""
        resource.file_name = resource.file_type = ""
        resource.file_size = None
    resource.full_clean()
    changed = sorted([*fields, *links, *(["file"] if upload is not None or remove_file else [])])
    _save(
        resource,
        links=links,
        actor=actor,
        action="resource.updated",
        data={"fields": changed},
        ip=ip,
    )
    if old_file and old_file != resource.file.name:
        transaction.on_commit(lambda: _remove_file(storage, old_file))
    return resource


@transaction.atomic
def resource_delete(*, actor, resource: Resource, ip: str | None = None) -> None:
    """Delete a resource, with its file once the deletion is committed."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    event_ids = set(resource.events.values_list("pk", flat=True))
    stored, storage = resource.file.name, resource.file.storage
    audit_log(
        actor=actor,
        action="resource.deleted",
        target=resource,  # its id stays in the row, with what it was
        data={"resource": resource.pk, "slug": resource.slug, "title": resource.title},
        ip=ip,
    )
    resource.delete()
    _bump(event_ids)
    if stored:
        transaction.on_commit(lambda: _remove_file(storage, stored))
