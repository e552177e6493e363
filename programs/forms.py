"""The shape of input for programs: starting an application, its answers, a review and a
decision. The rules live in services."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coalition.translation import localized
from coalition.validators import NOTE_TEXT, validate_plain_text
from programs.models import LONG_ANSWER, SHORT_ANSWER, Application, Question


class StartForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        validators=[validate_plain_text],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We first send a link to confirm it is yours; your application is there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)

    def __init__(self, *args, user=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("language", translation.get_language())
        if user is not None and user.is_authenticated:
            initial.setdefault("name", user.name)
            initial.setdefault("email", user.email)
            initial["language"] = user.preferred_language or initial["language"]
        kwargs.setdefault("auto_id", "id_apply_%s")
        super().__init__(*args, **kwargs)


class AnswersForm(forms.Form):
    """A field per question of the call (`q<id>`), in the reader's language; a choice's
    options are stored in English whatever the language shown."""

    def __init__(self, *args, questions: list[Question], application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        saved = application.answers or {}
        for question in questions:
            key = f"q{question.pk}"
            label = str(localized(question, "prompt"))
            initial = saved.get(str(question.pk), "")
            if question.kind == Question.Kind.CHOICE:
                shown = question.options()
                stored = question.stored_options()
                choices = list(zip(stored, shown + stored[len(shown) :], strict=False))
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                limit = LONG_ANSWER if question.kind == Question.Kind.LONG else SHORT_ANSWER
                field = forms.CharField(
                    label=label,
                    max_length=limit,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6})
                    if question.kind == Question.Kind.LONG
                    else forms.TextInput,
                )
            if question.required:
                field.help_text = _("Required to submit.")
            field.initial = initial
            self.fields[key] = field

    def answers(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if key.startswith("q")}


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1 (weakest) to 5 (strongest)."),
    )
    reason = forms.CharField(
        label=_("Why this score"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_review_%s")
        super().__init__(*args, **kwargs)


DECISIONS = [
    (Application.Status.ACCEPTED, _("Accept")),
    (Application.Status.WAITLISTED, _("Put on the waiting list")),
    (Application.Status.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason for the decision"),
        help_text=_("Sent to the applicant with the decision."),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_decide_%s")
        super().__init__(*args, **kwargs)
