from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import PNG_SIGNATURE, token_from_png

# A baked badge is a small image; a JWT a few kilobytes.
MAX_IMAGE_BYTES = 512 * 1024
MAX_TOKEN_CHARACTERS = 20000


class VerifyCredentialForm(forms.Form):
    credential = forms.CharField(
        label=_("Paste the credential"),
        help_text=_("The text of the credential file (.jwt), starting “ey”."),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        max_length=MAX_TOKEN_CHARACTERS,
        required=False,
    )
    image = forms.FileField(
        label=_("Or upload the badge image"),
        help_text=_("The PNG badge downloaded from Kairos, up to 512 KB."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png"}),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        if upload.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(
                _("This file is too large: a badge image is at most 512 KB.")
            )
        head = upload.read(len(PNG_SIGNATURE))
        upload.seek(0)
        if head != PNG_SIGNATURE:
            raise forms.ValidationError(
                _("This file is not a PNG image. Upload the badge image (.png).")
            )
        try:
            return token_from_png(upload.read())
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("image") or (cleaned.get("credential") or "").strip()
        if not token and not self.errors:
            raise forms.ValidationError(
                _("Paste a credential or upload a badge image to check it.")
            )
        cleaned["token"] = token
        return cleaned
