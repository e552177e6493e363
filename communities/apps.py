from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from coalition import versions
        from communities import accounts
        from communities.models import Community, Follow

        # Follows on /me/, in "download my data", forgotten with the account.
        accounts.register()
        # A community's name shows on events, sites, organizations and suggestions: every
        # cached public page that lists them goes stale with it (coalition.pagecache).
        versions.watch(Community, ("events", "initiatives", "partners"))
        # A follow shows on its follower's pages only (those kept per person).
        versions.watch(Follow, ("follows",))
