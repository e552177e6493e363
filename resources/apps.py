from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        # The app's rules; every write to a resource, or to its links, makes the cached
        # public pages stale: the library's, and the events' (an event's page lists its
        # recordings and slides).
        from coalition import versions
        from resources import models, permissions  # noqa: F401

        versions.watch(models.Resource, ("resources", "events"))
        # What the site search finds of the app (coalition.search).
        from resources import search

        search.register()
