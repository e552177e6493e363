from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from initiatives import accounts, permissions  # noqa: F401

        accounts.register()
