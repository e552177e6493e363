from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        from resources import permissions  # noqa: F401

        # Every write to a resource, or to its links, makes the cached public pages stale: the
        # library's, and the events' (an event's page lists its recordings and slides).
        from coalition import versions
        from resources import models

        versions.watch(
            models.Resource,
            lambda resource: ("resources", "events"),
        )
