from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coalition.forms import LANGUAGE_CODES, BilingualForm
from communities.selectors import listed_communities
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
    """One person's role, in their row of the staff page: its control's id is that row's
    ("role-<membership id>"), so a refused change shows there."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        error_messages={
            "required": _("Choose one of the roles."),
            "invalid_choice": _("Choose one of the roles."),
        },
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, auto_id=f"%s-{membership.pk}", **kwargs)
        self.membership = membership
        self.fields["role"].label = _("Role of %(name)s") % {"name": membership.user}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])


class OrganizationApplicationForm(BilingualForm, forms.ModelForm):
    bilingual = ("description",)

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities it works in"),
        queryset=listed_communities(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Its page and theirs will show it among the partners working there."),
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "sector",
            "city",
            "communities",
            "website",
            "description_en",
            "description_es",
        ]
        help_texts = {
            "name": _("Its full name, as the public knows it."),
            **{
                f"description_{code}": _("What it does, with whom, and where in Massachusetts.")
                for code in LANGUAGE_CODES
            },
        }
