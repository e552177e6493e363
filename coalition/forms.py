from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coalition.models import User
from coalition.validators import validate_date_in_range

# A language as a field's label names it: "Title (English)", "Título (inglés)".
LANGUAGE_IN_LABEL = {
    "en": pgettext_lazy("the language of a field, in its label", "English"),
    "es": pgettext_lazy("the language of a field, in its label", "Spanish"),
}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _label_in(label, code) -> str:
    return _("%(label)s (%(language)s)") % {
        "label": capfirst(label),
        "language": LANGUAGE_IN_LABEL[code],
    }


label_in = lazy(_label_in, str)


def in_languages(field_class, *, label, **kwargs) -> tuple[forms.Field, ...]:
    """One field per language for a text written in English and Spanish, each labelled with its
    language and marked `lang` for spelling and screen readers; none required on its own (see
    `BilingualForm.required_in_a_language`). `summary_en, summary_es = in_languages(...)`."""
    fields = []
    for code in LANGUAGE_CODES:
        field = field_class(label=label_in(label, code), required=False, **kwargs)
        field.widget.attrs["lang"] = code
        fields.append(field)
    return tuple(fields)


@dataclass(frozen=True)
class InLanguages:
    """A text's fields, one per language (`.languages`), shown side by side."""

    name: str
    languages: list


class BilingualForm:
    """A form (or model form) with texts written in English and Spanish: for each name in
    `bilingual`, fields `<name>_en` and `<name>_es` (from `in_languages`, or the model's
    translation fields), shown side by side by `templates/partials/bilingual_form.html`. A name in
    `required_in_a_language` needs a text in at least one language; the error shows next to
    its first field."""

    bilingual: tuple[str, ...] = ()
    required_in_a_language: tuple[str, ...] = ()
    required_message = _("Write it in English, in Spanish or in both.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name in self.bilingual:
            for code in LANGUAGE_CODES:
                field = self.fields.get(f"{name}_{code}")
                if field is None or model is None:
                    continue
                # A model's translation field: labelled like in_languages' fields.
                label = model._meta.get_field(name).verbose_name
                field.label = label_in(label, code)
                field.required = False
                field.widget.attrs["lang"] = code

    def fields_of(self, name: str) -> list[str]:
        return [f"{name}_{code}" for code in LANGUAGE_CODES if f"{name}_{code}" in self.fields]

    def clean(self):
        data = super().clean()
        for name in self.required_in_a_language:
            names = self.fields_of(name)
            written = any((data.get(n) or "").strip() for n in names)
            if names and not written and not any(self.has_error(n) for n in names):
                self.add_error(names[0], self.required_message)
        return data

    def rows(self) -> list:
        """The visible fields in order, the languages of one text together (`InLanguages`)."""
        rows, seen = [], set()
        for field in self.visible_fields():
            if field.name in seen:
                continue
            base, _sep, code = field.name.rpartition("_")
            if base in self.bilingual and code in LANGUAGE_CODES:
                group = [self[n] for n in self.fields_of(base)]
                group = [bound for bound in group if not bound.is_hidden]
                seen.update(bound.name for bound in group)
                rows.append(InLanguages(base, group))
            else:
                rows.append(field)
        return rows


class HoneypotForm(forms.Form):
    """A hidden field people never see and bots fill in (`website`): a form with `is_bot()`
    true is answered as if it had worked, and nothing is stored. Render it in a
    `<div class="trap" aria-hidden="true">`."""

    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class BoundedDateField(forms.DateField):
    """Every date people type into a form or filter of the portal: 1900 to 2100, or the form
    says so beside the field."""

    default_validators = [validate_date_in_range]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language"]
        labels = {"name": _("Your name"), "preferred_language": _("Language")}
        help_texts = {
            "name": _("As organizers and other partners will see it."),
            "preferred_language": _("The site and our emails to you will use this language."),
        }
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
