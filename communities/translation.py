"""Community names in English and Spanish (django-modeltranslation; see settings.base)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Community


@register(Community)
class CommunityTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
