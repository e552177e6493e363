"""Resource texts in English and Spanish (django-modeltranslation; see settings.base)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Resource


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "summary")
