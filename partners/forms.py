from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalition.forms import LANGUAGE_CODES, BilingualForm
from partners.models import Membership, Organization


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.STAFF
    )
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
        help_text=_("People who already have an account get it in the language they chose."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])


class OrganizationApplicationForm(BilingualForm, forms.ModelForm):
    bilingual = ("description",)

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "sector", "city", "website", "description_en", "description_es"]
        help_texts = {
            "name": _("Its full name, as the public knows it."),
            **{
                f"description_{code}": _("What it does, with whom, and where in Massachusetts.")
                for code in LANGUAGE_CODES
            },
        }
