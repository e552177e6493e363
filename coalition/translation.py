"""Which language a translated text is actually in.

`obj.title` (django-modeltranslation) gives the visitor's language and falls back to the other
one silently. A page must know when it fell back, so that the text carries its own `lang` and a
screen reader pronounces it right (WCAG 3.1.2).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Localized:
    text: str
    lang: str  # the language the text is written in
    fallback: bool  # True when it is not the visitor's language

    def __str__(self):
        return self.text


def localized(obj, field: str, *, language: str | None = None) -> Localized:
    """The text of `obj.<field>` for `language` (default: the active one), else the first other
    language that has it."""
    wanted = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    order = [wanted] + [code for code in LANGUAGE_CODES if code != wanted]
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return Localized(value, code, code != wanted)
    return Localized("", wanted, False)
