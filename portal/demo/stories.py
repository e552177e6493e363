"""Load the demo's stories (data/stories.toml): the Opportunity Coalition's, told from its seed
as facts with their source, published on the day of the load (the seed is undated); and
examples written by a demo account, waiting for a lead's review. Each image is a plain colored
rectangle drawn here, described as such: the demo copies no photo."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from coalition.models import User
from initiatives.models import Initiative
from partners.models import Organization
from portal.demo.files import Row, bilingual
from stories.models import Story

IMAGE_SIZE = (1200, 630)


def placeholder_image(color) -> ContentFile:
    """A plain rectangle of `color` (red, green, blue), as a PNG: nothing pretending to be a
    photo."""
    buffer = io.BytesIO()
    Image.new("RGB", IMAGE_SIZE, tuple(color)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="placeholder.png")


def load_stories(rows: list[Row], now) -> None:
    slugs = []
    for row in rows:
        example = row.take("example", False)
        slug = row.take("slug")
        slugs.append(slug)
        organization = _named(row, Organization, row.take("organization"))
        initiatives = [
            _named(row, Initiative, name, field="slug") for name in row.take("initiatives", [])
        ]
        author = row.take("author", None)
        author = _named(row, User, author, field="email") if author else None
        status = row.choice(Story, "status", row.take("status", Story.Status.APPROVED))
        color = row.take("color")
        fields = row.fields(
            Story,
            organization=organization,
            author=author,
            status=status,
            is_example=example,
            published_at=now if status == Story.Status.APPROVED else None,
            submitted_at=now if status != Story.Status.DRAFT else None,
            image_type="image/png",
        )
        fields = bilingual(Story, {"source": "", "source_url": "", **fields})
        story = Story.objects.filter(slug=slug).first()
        if story is not None and story.published_at and status == Story.Status.APPROVED:
            fields["published_at"] = story.published_at  # a reload keeps the day it was published
        story, _created = Story.objects.update_or_create(slug=slug, defaults=fields)
        if not story.image or not default_storage.exists(story.image.name):
            story.image.save("placeholder.png", placeholder_image(color), save=True)
        story.initiatives.set(initiatives)
    # An example taken out of the data (or every example, with --facts-only) goes.
    for gone in Story.objects.exclude(slug__in=slugs).filter(is_example=True):
        _delete(gone)


def _delete(story: Story) -> None:
    if story.image:
        default_storage.delete(story.image.name)
    story.delete()


def _named(row: Row, model, name, *, field: str = "name"):
    found = model.objects.filter(**{field: name}).first()
    if found is None:
        row.fail(f"there is no {model._meta.verbose_name} {name!r}")
    return found
