from django import forms

from core.forms import PeopleFirstErrorsMixin


class VerifyForm(PeopleFirstErrorsMixin, forms.Form):
    reference = forms.CharField(
        label="Certificate reference",
        max_length=40,
        help_text=(
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
        error_messages={"required": "Enter the reference printed on the certificate"},
    )
    surname = forms.CharField(
        label="Learner's surname",
        max_length=100,
        help_text="As printed on the certificate.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the learner's surname"},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the certificate's record, with your name and the time.",
    )
