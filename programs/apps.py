from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from programs import accounts, permissions  # noqa: F401

        accounts.register()
        # What the site search finds of the app (coalition.search).
        from programs import search

        search.register()
        # Every write to what the public pages show makes their cached copies stale
        # (coalition.pagecache); the leads' dashboard counts applications.
        from coalition import versions
        from programs import models

        versions.watch(models.Program, ("programs",))
        versions.watch(models.Call, ("programs",))
        versions.watch(models.Question, ("programs",))
        versions.watch(models.Cohort, ("programs",))
        versions.watch(models.Application, ("programs",))
