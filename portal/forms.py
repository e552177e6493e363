from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Job


class LeadGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the new lead"),
        help_text=_("The person must already have an account with this verified address."),
    )


class ImportForm(forms.Form):
    """A CSV file to import. Its text is read here, so a wrong encoding is told at once."""

    MAX_BYTES = 5 * 1024 * 1024

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(kind.value, kind.label) for kind in Job.IMPORT_KINDS],
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 text with a header row, at most 5 MB. See the columns below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: split it in parts."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _(
                    "The file is not UTF-8 text. In your spreadsheet, save it as "
                    "“CSV UTF-8” and upload it again."
                )
            ) from None
        if "\x00" in self.cleaned_data["text"]:
            raise forms.ValidationError(_("This is not a text file. Upload a .csv file."))
        return upload
