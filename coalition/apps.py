from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalition")

    def ready(self):
        from coalition import (  # noqa: F401  (registers the app's rules and sign-in logging)
            permissions,
            signals,
        )
