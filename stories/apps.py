from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = _("Stories")

    def ready(self):
        # Every write to a story makes the cached public pages that show it stale
        # (coalition.pagecache): the list, a story's page, the feed.
        from coalition import versions
        from stories import (
            accounts,
            models,
            permissions,  # noqa: F401
        )

        versions.watch(models.Story, ("stories",))
        # What the app adds to a person's account (coalition.accounts).
        accounts.register()
        # What the site search finds of the app (coalition.search).
        from stories import search

        search.register()
