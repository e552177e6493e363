"""Program texts in English and Spanish (django-modeltranslation; see settings.base). Answers are
stored as the applicant wrote them, in `Application.language`."""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, Cohort, Program, Question


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "summary", "description")


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "eligibility")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("prompt", "choices")


@register(Cohort)
class CohortTranslation(TranslationOptions):
    fields = ("name",)
