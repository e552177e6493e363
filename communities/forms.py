"""The shape of input for following a community; the rules live in services."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coalition.forms import HoneypotForm
from coalition.validators import validate_plain_text
from communities.models import TOPIC_REQUIRED

# What a follower may hear about: the Follow model's two switches.
TOPICS = [
    ("new_sessions", _("New sessions in this community")),
    ("answers", _("Answers to what was heard at its sessions")),
]


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Email me about"),
        choices=TOPICS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": TOPIC_REQUIRED},
    )

    def chosen_topics(self) -> dict:
        chosen = set(self.cleaned_data["topics"])
        return {name: name in chosen for name, _label in TOPICS}


class FollowForm(HoneypotForm, TopicsForm):
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=150,
        required=False,
        validators=[validate_plain_text],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We first send a link to confirm it is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)

    field_order = ["name", "email", "language", "topics", "website"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("topics", [name for name, _label in TOPICS])
        kwargs.setdefault("auto_id", "id_follow_%s")
        super().__init__(*args, **kwargs)


def follow_initial(user) -> dict:
    """The form's first values: the visitor's language; a signed-in person's name, address
    and language."""
    initial = {"language": translation.get_language()}
    if user is not None and user.is_authenticated:
        initial.update(
            name=user.name,
            email=user.email,
            language=user.preferred_language or initial["language"],
        )
    return initial
