from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PeopleFirstErrorsMixin


class VerifyForm(PeopleFirstErrorsMixin, forms.Form):
    reference = forms.CharField(
        label=_("Certificate reference"),
        max_length=40,
        help_text=_(
            "Twelve letters and numbers, printed on the certificate, "
            "e.g. KX7M-4RCT-W9HQ."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
        error_messages={
            "required": _("Enter the reference printed on the certificate")
        },
    )
    surname = forms.CharField(
        label=_("Learner's surname"),
        max_length=100,
        help_text=_("As printed on the certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the learner's surname")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the certificate's record, with your name and the time."),
    )
