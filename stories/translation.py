"""Story texts in English and Spanish (django-modeltranslation; see settings.base). Both are
required to submit a story for review (stories.services)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Story


@register(Story)
class StoryTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
