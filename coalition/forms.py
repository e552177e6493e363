from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import User
from coalition.validators import validate_date_in_range


class BoundedDateField(forms.DateField):
    """Every date people type into a form or filter of the portal: 1900 to 2100, or the form
    says so beside the field."""

    default_validators = [validate_date_in_range]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language"]
        labels = {"name": _("Your name"), "preferred_language": _("Language")}
        help_texts = {
            "name": _("As organizers and other partners will see it."),
            "preferred_language": _("The site and our emails to you will use this language."),
        }
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
