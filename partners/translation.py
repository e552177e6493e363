"""Organization texts in English and Spanish (django-modeltranslation; see settings.base)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Organization


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
