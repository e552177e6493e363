"""Document texts in English and Spanish (django-modeltranslation; see settings.base). Comments
are stored in the language they were written in (`Comment.language`)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Document, Section


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("heading", "text")
