"""Event texts in English and Spanish (django-modeltranslation; see settings.base)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, SessionReport, Theme


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "accessibility_notes", "transit_notes")


@register(SessionReport)
class SessionReportTranslation(TranslationOptions):
    fields = ("summary",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "description")
