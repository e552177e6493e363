from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Comment on a draft")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from consultations import accounts, permissions  # noqa: F401

        accounts.register()
        # Every write to what the public pages show makes their cached copies stale
        # (coalition.pagecache); an initiative's page links to its open documents.
        from coalition import versions
        from consultations import models

        versions.watch(models.Document, ("consultations", "initiatives"))
        versions.watch(models.Section, ("consultations",))
        versions.watch(models.Comment, ("consultations",))
