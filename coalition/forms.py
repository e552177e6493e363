from django import forms
from django.utils.translation import gettext_lazy as _


class LeadGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the new lead"),
        help_text=_("The person must already have an account with this verified address."),
    )
