from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        # The tables the API and the /open-data/ page offer (opendata.tables).
        from opendata import catalog  # noqa: F401
