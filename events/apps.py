from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from events import accounts, permissions  # noqa: F401

        accounts.register()
