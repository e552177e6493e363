"""The shape of input for stories, their review and the newsletter's subscription; the rules
(both languages to submit, the image's content) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms import LANGUAGE_CODES, BilingualForm
from coalition.translation import in_language
from communities.forms import FollowForm
from communities.selectors import listed_communities
from initiatives.models import Initiative
from stories.images import MAX_IMAGE_BYTES
from stories.models import Story

TEXTS = ("title", "summary", "body", "image_alt")


class StoryForm(BilingualForm, forms.ModelForm):
    bilingual = TEXTS
    required_in_a_language = ("title",)

    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP, %(mb)s MB at most, each side from 200 to 8000 pixels. Required "
            "to submit; leave empty to keep the current image."
        )
        % {"mb": MAX_IMAGE_BYTES // (1024 * 1024)},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Story
        fields = [
            *(f"{name}_{code}" for name in TEXTS for code in LANGUAGE_CODES),
            "organization",
            "initiatives",
            "communities",
            "source",
            "source_url",
        ]
        widgets = {
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGE_CODES},
            **{f"body_{code}": forms.Textarea(attrs={"rows": 12}) for code in LANGUAGE_CODES},
            "initiatives": forms.CheckboxSelectMultiple,
            "communities": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "source": _("Where the facts told come from, if not from your organization."),
        }

    field_order = [
        "title_en",
        "title_es",
        "summary_en",
        "summary_es",
        "body_en",
        "body_es",
        "image",
        "image_alt_en",
        "image_alt_es",
    ]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["initiatives"].queryset = Initiative.objects.order_by(in_language("name"))
        self.fields["communities"].queryset = listed_communities()

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = [n for n in self.Meta.fields if n not in ("initiatives", "communities")]
        return {
            "fields": {name: data[name] for name in names},
            "links": {"initiatives": data["initiatives"], "communities": data["communities"]},
            "image": data.get("image") or None,
            "submit": "submit" in self.data,
        }


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Publish")), ("return", _("Return to the author"))]
    )
    reason = forms.CharField(
        label=_("What should change (sent to the author)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NewsletterForm(FollowForm):
    """The newsletter's subscription: a follow of the whole network, with no topics to choose
    (it tells everything new once a month)."""

    field_order = ["name", "email", "language", "website"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_newsletter_%s")
        super().__init__(*args, **kwargs)
        del self.fields["topics"]

    def chosen_topics(self) -> dict:
        return {"new_sessions": True, "answers": True}
