from django.db import transaction
from django.utils.text import slugify

from coalition import versions
from communities.models import Community
from communities.selectors import community_named


def community_name(text: str) -> str:
    """The community a typed place names: "Lynn, West Lynn" → "Lynn" (the city comes first)."""
    return " ".join((text or "").split(",")[0].split()).title()


@transaction.atomic
def community_for(*, name: str, listed: bool = True) -> Community | None:
    """The community called `name` (in either language, whatever its case), made when the
    network has none yet: for loaders and imports that name places in words. A community made
    from what a visitor typed is made unlisted (`listed=False`) until a lead reviews it."""
    name = community_name(name)
    if not name:
        return None
    found = community_named(name)
    if found:
        return found
    base = slugify(name) or "community"
    slug, n = base, 1
    while Community.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    community = Community(name=name, name_en=name, name_es=name, slug=slug, listed=listed)
    community.full_clean()
    community.save()
    versions.bump("events", "initiatives", "partners")
    return community
