"""The shape of input for documents, their sections, comments and moderation; the rules are
the services'."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalition.forms import LANGUAGE_CODES, BilingualForm, HoneypotForm
from coalition.translation import in_language, localized
from consultations.models import Comment, Document, Section
from initiatives.models import Initiative, Milestone


class LocalDateTimeInput(forms.DateTimeInput):
    """A phone's date-and-time picker; the value is Massachusetts time (TIME_ZONE)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DocumentForm(BilingualForm, forms.ModelForm):
    bilingual = ("title", "introduction")
    required_in_a_language = ("title",)

    class Meta:
        model = Document
        fields = [
            "title_en",
            "title_es",
            "introduction_en",
            "introduction_es",
            "host",
            "initiative",
            "milestone",
            "opens_at",
            "closes_at",
        ]
        widgets = {
            "opens_at": LocalDateTimeInput(),
            "closes_at": LocalDateTimeInput(),
            **{
                f"introduction_{code}": forms.Textarea(attrs={"rows": 5}) for code in LANGUAGE_CODES
            },
        }
        help_texts = {
            "opens_at": _(
                "Massachusetts time. Empty: a draft only its editors see. Once set, the "
                "document is public and takes comments from then until it closes."
            ),
            "closes_at": _("Massachusetts time: the last moment to comment."),
            "milestone": _("The milestone this draft answers, if any."),
        }

    def __init__(self, *args, hosts_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts_allowed
        self.fields["initiative"].queryset = Initiative.objects.order_by(in_language("name"))
        self.fields["milestone"].queryset = Milestone.objects.select_related("objective").order_by(
            "due_date", "id"
        )

    def service_arguments(self) -> dict:
        return {"fields": {name: self.cleaned_data[name] for name in self.Meta.fields}}


class SectionForm(BilingualForm, forms.ModelForm):
    bilingual = ("heading", "text")
    required_in_a_language = ("heading",)

    class Meta:
        model = Section
        fields = ["position", "heading_en", "heading_es", "text_en", "text_es"]
        widgets = {f"text_{code}": forms.Textarea(attrs={"rows": 8}) for code in LANGUAGE_CODES}

    def service_arguments(self) -> dict:
        return {"fields": {name: self.cleaned_data[name] for name in self.Meta.fields}}


class CommentForm(HoneypotForm, forms.ModelForm):
    """A comment on an open document: who writes, on which part, in which language."""

    section = forms.ChoiceField(label=_("Your comment is about"), required=False)

    class Meta:
        model = Comment
        fields = ["name", "email", "language", "text"]
        labels = {
            "name": _("Your name"),
            "email": _("Email address"),
            "language": _("Language of your comment and our email"),
            "text": _("Your comment"),
        }
        help_texts = {
            "name": _("Shown with your comment once it is approved."),
            "email": _(
                "Never shown. We send a link here: your comment counts once you confirm it."
            ),
            "text": _("Plain text, up to 2,000 characters."),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    field_order = ["name", "email", "language", "section", "text", "website"]

    def __init__(self, *args, document: Document, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.sections = {str(section.pk): section for section in sections}
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["section"].choices = [("", _("The whole document"))] + [
            (pk, localized(section, "heading").text) for pk, section in self.sections.items()
        ]

    def comment_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "language": data["language"],
            "text": data["text"],
            "section": self.sections.get(data["section"]),
        }


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("hide", _("Hide"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason for hiding"),
        required=False,
        max_length=500,
        help_text=_("Required to hide. Kept in the audit log; not shown to the public."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the comment is hidden."))
        return data
