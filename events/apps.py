from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # The app's rules, and what it adds to a person's account (coalition.accounts).
        from events import accounts, permissions  # noqa: F401

        accounts.register()
        # What the site search finds of the app (coalition.search).
        from events import search

        search.register()
        # Every write to what the public pages show makes their cached copies stale
        # (coalition.pagecache): the lists, and the one event ("event:<pk>"). The services bump
        # by hand after a bulk write.
        from coalition import versions
        from events import models, selectors

        versions.watch(models.Event, lambda event: ("events", f"event:{event.pk}"))
        for model in (models.EventLanguage, models.Registration, models.SessionReport):
            versions.watch(model, lambda row: ("events", f"event:{row.event_id}"))
        # What a registration post checks its form against.
        for model in (models.Event, models.EventLanguage):
            versions.watch(model, (selectors.DETAILS_SCOPE,))
        # An answer to the survey after a session counts on the leads' dashboard only.
        versions.watch(models.Feedback, ("events",))
        # A theme changes with its report (report_save saves both), which bumps its event.
        versions.watch(models.Theme, ("events",))
        versions.watch(
            models.LocationSuggestion,
            lambda row: ("events", *([f"event:{row.event_id}"] if row.event_id else [])),
        )
