"""Communities as data: the free-text places of events, suggested places, sites and
organizations become `communities.Community` rows ("Lynn" and "Lynn, West Lynn" are one
community, Lynn), and each row points to its community."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def community_name(text: str) -> str:
    """ "Lynn, West Lynn" → "Lynn": the city comes first in what people typed."""
    return " ".join(text.split(",")[0].split()).title() if text else ""


def link_communities(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Event = apps.get_model("events", "Event")
    Suggestion = apps.get_model("events", "LocationSuggestion")
    Site = apps.get_model("initiatives", "DemonstrationSite")
    Organization = apps.get_model("partners", "Organization")
    known = {c.name_en.casefold(): c for c in Community.objects.all() if c.name_en}

    def community(text, create=True):
        name = community_name(text)
        if not name:
            return None
        if name.casefold() not in known and create:
            slug, n = slugify(name) or "community", 1
            while Community.objects.filter(slug=slug).exists():
                n += 1
                slug = f"{slugify(name)}-{n}"
            known[name.casefold()] = Community.objects.create(
                name=name, name_en=name, name_es=name, slug=slug
            )
        return known.get(name.casefold())

    for site in Site.objects.all():
        site.community = community(site.city)
        site.save(update_fields=["community"])
    for event in Event.objects.select_related("site"):
        event.community = community(event.city) or (event.site and event.site.community)
        event.save(update_fields=["community"])
    for suggestion in Suggestion.objects.all():
        suggestion.community = community(suggestion.community_text)
        suggestion.save(update_fields=["community"])
    # An organization works where it is based, when the network already works there; a city
    # of no session, site or suggestion makes no community of its own.
    for organization in Organization.objects.exclude(city=""):
        found = community(organization.city, create=False)
        if found:
            organization.communities.add(found)


def unlink_communities(apps, schema_editor):
    Suggestion = apps.get_model("events", "LocationSuggestion")
    for suggestion in Suggestion.objects.select_related("community"):
        suggestion.community_text = suggestion.community.name if suggestion.community else ""
        suggestion.save(update_fields=["community_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_community"),
        ("events", "0007_seats_taken_and_pending_confirmation"),
        ("initiatives", "0006_site_community"),
        ("partners", "0006_communities"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="locationsuggestion", name="events_loca_status_5b1f69_idx"
        ),
        migrations.RenameField(
            model_name="locationsuggestion", old_name="community", new_name="community_text"
        ),
        migrations.AddField(
            model_name="locationsuggestion",
            name="community",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="suggestions",
                to="communities.community",
                verbose_name="community",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="community",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="communities.community",
                verbose_name="community",
            ),
        ),
        migrations.RunPython(link_communities, unlink_communities),
        migrations.RemoveField(model_name="locationsuggestion", name="community_text"),
        migrations.AddIndex(
            model_name="locationsuggestion",
            index=models.Index(
                fields=["status", "community"], name="events_loca_status_2210da_idx"
            ),
        ),
    ]
