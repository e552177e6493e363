"""The shape of input for events' forms; business rules live in services."""

import re

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition import sms
from coalition.forms import LANGUAGE_CODES, BilingualForm, HoneypotForm, in_languages
from coalition.translation import in_language, localized, translations
from coalition.validators import LONG_TEXT, validate_plain_text
from coalition.widgets import DatalistInput
from communities.models import Community
from communities.selectors import community_named, listed_communities
from communities.services import community_name
from events.models import FEEDBACK_TEXT, Audience, Event, Language, LocationSuggestion, Met
from initiatives.models import Objective
from partners.models import Organization

# -- registration and manage links --

MAX_CHILDREN = 10
# A place's name: letters in any language, with spaces, periods, apostrophes (straight or
# curly) and hyphens between them.
PLACE_NAME = re.compile(r"[^\W\d_]+(?:[ .'\u2019-]+[^\W\d_]+)*\.?")


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
            (item.language, item.get_language_display()) for item in event.interpretation_languages
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


class RegistrationForm(HoneypotForm, NeedsForm):
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
    text_reminder = forms.BooleanField(
        label=_("Text me a reminder the day before"),
        required=False,
        help_text=_(
            "One text message to the phone number above, the day before the event, with its "
            "time and your link. Message and data rates may apply."
        ),
    )
    language = forms.ChoiceField(label=_("Language for our emails"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=_("I agree to the privacy notice above."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    field_order = [
        "name",
        "email",
        "phone",
        "text_reminder",
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

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone:
            sms.phone_e164(phone)  # the shape only; stored as typed
        return phone

    def clean(self):
        data = super().clean()
        if data.get("text_reminder") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("text_reminder", _("Give a phone number above to get a text reminder."))
        return data


# -- organizers, where next, what we heard --


class LocalDateTimeInput(forms.DateTimeInput):
    """A phone's date-and-time picker; the value is Massachusetts time (TIME_ZONE)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class EventForm(BilingualForm, forms.ModelForm):
    bilingual = ("title", "description", "accessibility_notes", "transit_notes")
    required_in_a_language = ("title",)

    hosts = forms.ModelMultipleChoiceField(
        label=_("Host organizations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    spoken = forms.MultipleChoiceField(
        label=_("Held in"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the session is held in."),
    )
    reminders = forms.CharField(
        label=_("Reminders (hours before)"),
        required=False,
        max_length=100,
        initial="48, 2",
        help_text=_(
            "Registrants get a reminder this many hours before; commas between. Empty: none."
        ),
    )
    interpreted = forms.MultipleChoiceField(
        label=_("Interpretation offered into"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People can ask for an interpreter in these languages when they register."),
    )

    class Meta:
        model = Event
        fields = [
            "title_en",
            "title_es",
            "kind",
            "description_en",
            "description_es",
            "initiative",
            "site",
            "community",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "address",
            "city",
            "accessibility_notes_en",
            "accessibility_notes_es",
            "transit_notes_en",
            "transit_notes_es",
            "online_url",
            "capacity",
            "waitlist_enabled",
            "childcare_offered",
            "recording_url",
            "slides_url",
        ]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            **{f"description_{code}": forms.Textarea(attrs={"rows": 5}) for code in LANGUAGE_CODES},
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 3})
                for name in ("accessibility_notes", "transit_notes")
                for code in LANGUAGE_CODES
            },
        }
        help_texts = {
            "community": _("The city, town or neighborhood where it is held, or that it is for."),
            "starts_at": _("Massachusetts time."),
            "recording_url": _("For webinars, once it is online."),
        }

    def __init__(self, *args, hosts_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hosts"].queryset = hosts_allowed
        self.fields["initiative"].queryset = self.fields["initiative"].queryset.order_by(
            in_language("name")
        )
        self.fields["site"].queryset = self.fields["site"].queryset.order_by(in_language("name"))
        self.fields["community"].queryset = Community.objects.filter(
            Q(listed=True) | Q(pk=self.instance.community_id or 0)
        ).order_by(in_language("name"))
        if self.instance.pk:
            self.fields["reminders"].initial = ", ".join(
                str(hours) for hours in self.instance.reminder_hours or []
            )
            self.fields["hosts"].initial = list(self.instance.hosts.all())
            languages = list(self.instance.languages.all())
            self.fields["spoken"].initial = [x.language for x in languages if not x.interpretation]
            self.fields["interpreted"].initial = [x.language for x in languages if x.interpretation]

    def clean_reminders(self) -> list[int]:
        hours = []
        for part in self.cleaned_data["reminders"].replace(";", ",").split(","):
            if not part.strip():
                continue
            try:
                value = int(part)
            except ValueError:
                raise forms.ValidationError(
                    _("Write whole numbers of hours, like 48, 2.")
                ) from None
            if not 1 <= value <= 24 * 14:
                raise forms.ValidationError(_("Each reminder must be 1 to 336 hours before."))
            hours.append(value)
        return sorted(set(hours), reverse=True)

    def clean(self):
        data = super().clean()
        if data.get("format") in {Event.Format.ONLINE, Event.Format.HYBRID} and not data.get(
            "online_url"
        ):
            self.add_error("online_url", _("An online or hybrid event needs its online link."))
        if data.get("format") != Event.Format.ONLINE and not (
            data.get("venue") or data.get("city")
        ):
            self.add_error("venue", _("Say where the event takes place."))
        if not data.get("community"):
            # The city typed names a community the network knows: the event is there.
            data["community"] = community_named(community_name(data.get("city", "")))
        return data

    def service_arguments(self) -> dict:
        """What events.services.event_create and event_update take from this form."""
        data = self.cleaned_data
        return {
            "fields": {
                **{name: data[name] for name in self.Meta.fields},
                "reminder_hours": data["reminders"],
            },
            "hosts": data["hosts"],
            "spoken": data["spoken"],
            "interpreted": data["interpreted"],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (for the record)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person"), required=False, max_length=200, widget=forms.SearchInput
    )


class CheckInForm(forms.Form):
    """A check-in button: which registration, and the search to return to."""

    registration = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    q = forms.CharField(required=False, max_length=200)


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("Send to"), choices=Audience.choices)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Each person's private link to their registration is added at the end."),
    )


def _community_names() -> list[str]:
    return [str(localized(c, "name")) for c in listed_communities()]


class SuggestionForm(HoneypotForm, forms.ModelForm):
    # Any town may be named: one the network knows is proposed as the person types; one it does
    # not know yet is kept, unlisted until a lead reviews it (events.services.suggestion_create).
    community = forms.CharField(
        label=_("City, town or neighborhood"),
        max_length=100,
        widget=DatalistInput(options=_community_names, attrs={"autocomplete": "off"}),
        help_text=_("Choose one of the list, or write the name of another town."),
    )
    # The community is not the model's field as such: a name, resolved by the service.
    field_order = ["place", "community", "reason", "contact_name", "contact_email"]

    class Meta:
        model = LocationSuggestion
        fields = ["place", "reason", "contact_name", "contact_email"]
        labels = {
            "place": _("Where should the next listening session be?"),
            "reason": _("Why there?"),
            "contact_name": _("Your name (optional)"),
            "contact_email": _("Your email (optional)"),
        }
        help_texts = {
            "place": _("A library, a school, a community center…"),
            "contact_email": _("Only if you would like us to write back to you."),
        }
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}

    def clean_community(self) -> str:
        # "Lynn, West Lynn" names Lynn; a name is words, not markup.
        name = community_name(self.cleaned_data["community"])
        if not name or not PLACE_NAME.fullmatch(name):
            raise forms.ValidationError(
                _("Write the name of a city, town or neighborhood, in letters.")
            )
        return name

    def suggestion_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.field_order}


class SuggestionReviewForm(forms.ModelForm):
    class Meta:
        model = LocationSuggestion
        fields = ["status", "event"]

    def __init__(self, *args, events, event_choices=None, **kwargs):
        """`events`: those a suggestion can have become (selectors.suggestion_events)."""
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        if event_choices is not None:
            # Read once for a whole list of these forms.
            self.fields["event"].widget.choices = event_choices

    # The fifty most recent, so that a page of suggestions stays the same size as events add up.
    CHOICES = 50

    @classmethod
    def event_choices(cls, events) -> list[tuple]:
        recent = events.order_by("-starts_at")[: cls.CHOICES]
        return [("", _("No event yet"))] + [(event.pk, str(event)) for event in recent]


class ReportForm(BilingualForm, forms.Form):
    bilingual = ("summary",)
    required_in_a_language = ("summary",)

    summary_en, summary_es = in_languages(
        forms.CharField,
        label=_("Summary"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    publish = forms.BooleanField(
        label=_("Publish on the event page"),
        required=False,
        help_text=_("Unticked, it stays a draft only organizers see."),
    )


class ThemeForm(BilingualForm, forms.Form):
    """A theme; left empty, it is not saved. Written in English, Spanish or both."""

    bilingual = ("title", "description")

    title_en, title_es = in_languages(forms.CharField, label=_("Theme"), max_length=200)
    description_en, description_es = in_languages(
        forms.CharField,
        label=_("What we heard"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives that answer it"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, objectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        if objectives is not None:
            self.fields["objectives"].queryset = objectives

    @property
    def required_in_a_language(self):
        # A theme needs its title once anything of it is written.
        data = self.cleaned_data
        return ("title",) if any(data.get(name) for name in self.fields_of("description")) else ()


ThemeFormSet = forms.formset_factory(ThemeForm, extra=2, max_num=20, validate_max=True)


def report_initial(report) -> tuple[dict, list[dict]]:
    """The report's fields and its themes, as the report form and its theme forms take them."""
    if report is None:
        return {}, []
    initial = {**_texts(report, "summary"), "publish": report.published_at is not None}
    themes = [
        {**_texts(t, "title", "description"), "objectives": list(t.objectives.all())}
        for t in report.themes.all()
    ]
    return initial, themes


def _texts(obj, *names) -> dict:
    """Every language's text of each of `obj`'s fields `names`, as form fields name them."""
    return {
        f"{name}_{code}": text for name in names for code, text in translations(obj, name).items()
    }


# -- feedback after a session --


class FeedbackForm(forms.Form):
    """The survey after a session: how useful it was, whether each need the person asked for
    was met (only those), and what to do next."""

    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session for you?"),
        coerce=int,
        choices=[
            (1, _("1: not useful")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5: very useful")),
        ],
        widget=forms.RadioSelect,
    )
    next_steps = forms.CharField(
        label=_("What should we do next?"),
        required=False,
        max_length=FEEDBACK_TEXT,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Plain text, up to 1,000 characters. Please do not write names."),
    )

    QUESTIONS = {
        "interpretation": _("Did you get the interpretation you asked for?"),
        "childcare": _("Did you get the childcare you asked for?"),
        "ride": _("Did you get the help with transportation you asked for?"),
        "access": _("Did you get the accessibility accommodations you asked for?"),
    }

    def __init__(self, *args, needs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        # After the score and before the free text, in the order of FEEDBACK_NEEDS.
        text = self.fields.pop("next_steps")
        for need in needs:
            self.fields[f"{need}_met"] = forms.ChoiceField(
                label=self.QUESTIONS[need], choices=Met.choices, widget=forms.RadioSelect
            )
        self.fields["next_steps"] = text

    def met(self) -> dict[str, str]:
        return {need: self.cleaned_data[f"{need}_met"] for need in self.needs}
