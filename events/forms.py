"""The shape of input for events' forms; business rules live in services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import Event

# -- registration and manage links --

MAX_CHILDREN = 10


class NeedsForm(forms.Form):
    """What a person needs to attend; the choices follow what the event offers."""

    interpretation_language = forms.ChoiceField(
        label=_("Interpretation"),
        required=False,
        help_text=_("An interpreter in your language, if you need one."),
    )
    children_count = forms.IntegerField(
        label=_("Childcare: how many children?"),
        min_value=0,
        max_value=MAX_CHILDREN,
        initial=0,
        required=False,
        help_text=_("Children who will stay in the childcare room during the session."),
    )
    needs_transportation = forms.BooleanField(
        label=_("I need help with transportation"), required=False
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility accommodations"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a step-free route, large print, a quiet space."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        offered = [
            (item.language, item.get_language_display())
            for item in event.languages.all()
            if item.interpretation
        ]
        if offered:
            self.fields["interpretation_language"].choices = [("", _("No interpreter needed"))]
            self.fields["interpretation_language"].choices += offered
        else:
            del self.fields["interpretation_language"]
        if not event.childcare_offered:
            del self.fields["children_count"]

    def clean_children_count(self):
        return self.cleaned_data.get("children_count") or 0

    def needs(self) -> dict:
        data = self.cleaned_data
        return {
            "interpretation_language": data.get("interpretation_language", ""),
            "children_count": data.get("children_count", 0),
            "needs_transportation": data["needs_transportation"],
            "accessibility_needs": data["accessibility_needs"],
        }


class RegistrationForm(NeedsForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send your confirmation and a link to change or cancel here."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=_("I agree to the privacy notice above."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    # Left empty by people, who never see it; filled in by bots that fill every field.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    field_order = [
        "name",
        "email",
        "phone",
        "language",
        "interpretation_language",
        "children_count",
        "needs_transportation",
        "accessibility_needs",
        "consent",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


# -- organizers, where next, what we heard --
