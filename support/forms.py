from django import forms

from .models import TEXT_LIMIT, AgencySupport

FIELDS = ["employee_assistance", "clinical_supervision", "contacts"]


class AgencySupportForm(forms.ModelForm):
    """Every field is optional: leaving them all empty takes the agency's
    section off the Support page, and says so to her staff."""

    class Meta:
        model = AgencySupport
        fields = FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in FIELDS}
        error_messages = {
            name: {
                "max_length": f"Keep this to {TEXT_LIMIT:,} characters or fewer. "
                "It has %(show_value)d."
            }
            for name in FIELDS
        }
