"""Load the demo's resource library (data/resources.toml): the seeds' real resources as links
to the networks' public pages, with the seed's source and date; never an invented file."""

from django.utils.text import slugify

from events.models import Event
from portal.demo.files import bilingual
from resources.models import Resource


def load_resources(rows, orgs, initiatives, focus, communities) -> None:
    """Each row keyed by its slug (made from its English title unless given), so loading again
    updates the same rows. Its links name initiatives (slugs), focus areas (titles),
    communities (slugs), events (slugs) and the organization that adds it (a name)."""
    for row in rows:
        organization = row.one(orgs, row.take("organization", None), "organization")
        links = {
            "initiatives": row.many(initiatives, row.take("initiatives", []), "initiative"),
            "focus_areas": row.many(focus, row.take("focus_areas", []), "focus area"),
            "communities": row.many(communities, row.take("communities", []), "community"),
            "events": _events(row, row.take("events", [])),
        }
        is_example = row.take("example", False)
        fields = {
            "summary": "",
            "url": "",
            "source_url": "",
            **row.fields(Resource, organization=organization, is_example=is_example),
        }
        fields = bilingual(Resource, fields)
        slug = fields.pop("slug", None) or slugify(fields["title"])[:180]
        resource, _ = Resource.objects.update_or_create(slug=slug, defaults=fields)
        for name, linked in links.items():
            getattr(resource, name).set(linked)


def _events(row, slugs):
    found = {event.slug: event for event in Event.objects.filter(slug__in=slugs)}
    return row.many(found, slugs, "event")
