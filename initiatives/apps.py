from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from initiatives import accounts, permissions  # noqa: F401

        accounts.register()
        # What the site search finds of the app (coalition.search).
        from initiatives import search

        search.register()
        # Every write to what the public pages show makes their cached copies stale
        # (coalition.pagecache); the services bump by hand after a bulk write.
        from coalition import versions
        from initiatives import models

        for model in (
            models.Initiative,
            models.InitiativePartner,
            models.FocusArea,
            models.DemonstrationSite,
            models.Indicator,
            models.Measurement,
            models.Objective,
            models.Milestone,
            models.ProgressUpdate,
        ):
            versions.watch(model, ("initiatives",))
        # Each initiative's count of approved partners, kept by the writes that change it.
        from initiatives import signals  # noqa: F401
