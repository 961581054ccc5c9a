from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext

from .models import TEXT_LIMIT, AgencySupport

FIELDS = ["employee_assistance", "clinical_supervision", "contacts"]


def _too_long_message() -> str:
    # %(show_value)d is filled in by Django's length check: keep it as it is.
    return gettext(
        "Keep this to %(limit)s characters or fewer. It has %%(show_value)d."
    ) % {"limit": number_format(TEXT_LIMIT, force_grouping=True)}


_too_long = lazy(_too_long_message, str)


class AgencySupportForm(forms.ModelForm):
    """Every field is optional: leaving them all empty takes the agency's
    section off the Support page, and says so to her staff."""

    class Meta:
        model = AgencySupport
        fields = FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in FIELDS}
        error_messages = {name: {"max_length": _too_long()} for name in FIELDS}
