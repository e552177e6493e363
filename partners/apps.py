from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from coalition import versions
        from coalition.permissions import roles_depend_on
        from partners import accounts, permissions  # noqa: F401
        from partners.models import Membership, Organization

        accounts.register()
        # What the site search finds of the app (coalition.search).
        from partners import search

        search.register()
        # Every write to what the public pages show makes their cached copies stale
        # (coalition.pagecache); the services bump by hand after a bulk write.
        for model in (Organization, Membership):
            versions.watch(model, ("partners",))

        # A person's active memberships make them staff or admin (accounts.active_memberships).
        roles_depend_on(Membership)
