"""The shape of input for the resource library; the rules (the file's checks, a link or a
file) are the services' and the model's."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.forms import LANGUAGE_CODES, BilingualForm
from coalition.translation import in_language
from coalition.uploads import DOCUMENTS, accepted_extensions
from communities.selectors import listed_communities
from events.models import Event
from initiatives.models import FocusArea, Initiative
from resources.models import Resource
from resources.services import LINKS

# Events a resource may be linked to: shown ones from the last two years and to come, plus
# those it already links.
EVENTS_WITHIN = dt.timedelta(days=730)


class ResourceForm(BilingualForm, forms.ModelForm):
    bilingual = ("title", "summary")
    required_in_a_language = ("title",)

    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.FileInput(attrs={"accept": accepted_extensions(DOCUMENTS)}),
        help_text=_(
            "Or upload it: PDF, PowerPoint (PPTX), Word (DOCX), CSV or an image (PNG, JPEG, "
            "WebP, GIF), 25 MB at most. Leave empty to keep the current file."
        ),
    )

    class Meta:
        model = Resource
        fields = [
            "title_en",
            "title_es",
            "summary_en",
            "summary_es",
            "kind",
            "language",
            "url",
            "source",
            "source_url",
            "published_on",
            "visibility",
            "organization",
            "is_example",
            *LINKS,
        ]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "initiatives": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "communities": forms.CheckboxSelectMultiple,
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGE_CODES},
        }
        labels = {
            "source": _("Publisher"),
            "source_url": _("Publisher's public page"),
        }
        help_texts = {
            "url": _("Where it is published: the video of a recording, the page of a report."),
            "source": _("Who publishes it: an organization, and the title of its page."),
            "visibility": _("Partners only: seen by partner staff and leads, signed in."),
            "organization": _("The organization adding it; its staff may edit it."),
            "events": _("The sessions it records or belongs to (the last two years)."),
        }

    def __init__(self, *args, organizations, is_lead: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].required = not is_lead
        self.fields["initiatives"].queryset = Initiative.objects.order_by(in_language("name"))
        self.fields["focus_areas"].queryset = FocusArea.objects.select_related(
            "initiative"
        ).order_by("initiative_id", "position", "id")
        self.fields["communities"].queryset = listed_communities()
        recent = Q(starts_at__gte=timezone.now() - EVENTS_WITHIN)
        if self.instance.pk:
            recent |= Q(resources=self.instance)
        self.fields["events"].queryset = (
            Event.objects.shown().filter(recent).distinct().order_by("-starts_at", "id")
        )
        if self.instance.pk and self.instance.file:
            self.fields["remove_file"] = forms.BooleanField(
                label=_("Remove the current file (give a link instead)"), required=False
            )

    def _post_clean(self):
        # The model's rules (a link or a file, not both) need the file, which the service
        # checks and attaches: it validates the whole resource and says what is wrong.
        pass

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name] for name in self.Meta.fields if name not in (*LINKS, "organization")
        }
        arguments = {
            "fields": fields,
            "links": {name: data[name] for name in LINKS},
            "upload": data.get("file") or None,
        }
        return arguments


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this resource and its file"), required=True)
