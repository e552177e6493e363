"""Initiative texts in English and Spanish (django-modeltranslation; see settings.base).

Names and titles that are unique keep a blank translation as NULL, so that many rows may lack one.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    DemonstrationSite,
    FocusArea,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Objective,
    ProgressUpdate,
)


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("name", "short_name", "summary", "vision", "description")
    empty_values = {"name": None}


@register(FocusArea)
class FocusAreaTranslation(TranslationOptions):
    fields = ("title", "description")
    empty_values = {"title": None}


@register(DemonstrationSite)
class DemonstrationSiteTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Measurement)
class MeasurementTranslation(TranslationOptions):
    fields = ("period_label",)


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("narrative",)
