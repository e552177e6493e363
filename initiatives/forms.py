"""The shape of input for initiatives' forms; business rules live in services."""

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import LANGUAGE_CODES, BilingualForm, BoundedDateField, in_languages
from coalition.translation import in_language
from coalition.validators import NOTE_TEXT
from initiatives.charts import format_value
from initiatives.models import (
    DemonstrationSite,
    Indicator,
    Milestone,
    Objective,
    ProgressStatus,
    ProgressUpdate,
    StudentGroup,
)
from initiatives.services import FIGURE_UNCONFIRMED

# -- progress updates --


class UpdateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, update):
        date = timezone.localtime(update.created_at).date()
        return f"{date:%Y-%m-%d} · {update.get_status_display()} · {update.narrative[:60]}"


class ProgressUpdateForm(BilingualForm, forms.Form):
    """An update, its narrative written in the author's language (`language`) and, if they
    have it, translated into the other one."""

    bilingual = ("narrative",)

    organization = forms.ModelChoiceField(
        label=_("Posting for"), queryset=None, empty_label=_("The coalition network")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ProgressStatus.choices, widget=forms.RadioSelect
    )
    value = forms.DecimalField(
        label=_("Figure for the indicator"), required=False, max_digits=14, decimal_places=2
    )
    # Shown only once the service finds the figure far from the last one.
    confirm_figure = forms.BooleanField(
        label=_("I confirm this figure"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("It is far from the last figure reported: tick this if it is right."),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        help_text=_(
            "The language you write in. The other box is for a translation, if you have one."
        ),
    )
    narrative_en, narrative_es = in_languages(
        forms.CharField,
        label=_("What happened"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 2,000 characters: what was done, what changed, what is next."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence link (optional)"),
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("A report, a news story, a public document: a web address."),
    )
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=ProgressUpdate.Visibility.choices,
        initial=ProgressUpdate.Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )
    milestones = forms.ModelMultipleChoiceField(
        label=_("Milestones reached"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    corrects = UpdateChoiceField(
        label=_("This corrects an earlier update (optional)"),
        queryset=ProgressUpdate.objects.none(),
        required=False,
        empty_label=_("No, it is a new update"),
        help_text=_("Updates are never changed: a correction is a new update that says so."),
    )

    def __init__(
        self, *args, objective: Objective, organizations, for_network: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.objective = objective
        field = self.fields["organization"]
        field.queryset = organizations
        # Staff post for their organization; a lead may also post for the network as a whole.
        field.required = not for_network
        if not for_network:
            field.empty_label = None
        indicator = objective.indicator
        if indicator is None:
            del self.fields["value"]
            del self.fields["confirm_figure"]
        else:
            self.fields["value"].label = _("Figure for the indicator: %(name)s") % {
                "name": indicator.name
            }
            highest = indicator.highest
            self.fields["value"].help_text = (
                _("%(unit)s, at most %(highest)s")
                % {"unit": indicator.get_unit_display(), "highest": format_value(highest, None)}
                if highest is not None
                else indicator.get_unit_display()
            )
        self.fields["milestones"].queryset = objective.milestones.filter(
            completed_on__isnull=True
        ).order_by("due_date", "id")
        self.fields["corrects"].queryset = objective.updates.standing().order_by(
            "-created_at", "-id"
        )

    def clean(self):
        data = super().clean()
        texts = {code: (data.get(f"narrative_{code}") or "").strip() for code in LANGUAGE_CODES}
        language = data.get("language")
        if not any(texts.values()):
            name = f"narrative_{language or LANGUAGE_CODES[0]}"
            if not self.has_error(name):
                self.add_error(name, self.required_message)
        elif language and not texts[language]:
            # Written in one box only, the other language's: that is the language written in.
            data["language"] = next(code for code, text in texts.items() if text)
        return data

    def add_error(self, field, error):
        super().add_error(field, error)
        if "confirm_figure" in self.fields and self.has_error("value", code=FIGURE_UNCONFIRMED):
            self.fields["confirm_figure"].widget = forms.CheckboxInput()

    def update_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "status": data["status"],
            "value": data.get("value"),
            "language": data["language"],
            "narrative": data[f"narrative_{data['language']}"],
            "translation": next(
                data[f"narrative_{code}"] for code in LANGUAGE_CODES if code != data["language"]
            ),
            "evidence_url": data["evidence_url"],
            "visibility": data["visibility"],
            "milestones": list(data["milestones"]),
            "corrects": data["corrects"],
            "confirmed": bool(data.get("confirm_figure")),
        }


class WithdrawalForm(forms.Form):
    withdrawal_reason = forms.CharField(
        label=_("Why withdraw it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required. Partner staff and leads will read it in the objective's history; the "
            "public will no longer see the update."
        ),
        error_messages={"required": _("Say why the update is withdrawn.")},
    )


# -- measurements and CSV imports --


class MeasurementForm(BilingualForm, forms.Form):
    bilingual = ("period_label",)
    required_in_a_language = ("period_label",)

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.order_by(in_language("name"))
    )
    period_start = BoundedDateField(
        label=_("Period starts"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The first day of the school year, quarter or year it measures."),
    )
    period_label_en, period_label_es = in_languages(
        forms.CharField,
        label=_("Period"),
        max_length=40,
        help_text=_("As people say it: 2024-25, Summer 2020."),
    )
    student_group = forms.ChoiceField(
        label=_("Student group"), choices=StudentGroup.choices, initial=StudentGroup.ALL
    )
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=DemonstrationSite.objects.order_by(in_language("name")),
        required=False,
        empty_label=_("The whole network"),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    as_of = forms.DateField(
        label=_("As of (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date its source gives the figure, if it gives one."),
    )
