from django import forms

from . import services
from .models import MAX_CHECK_IN_NOTE_LENGTH, MAX_NOTE_LENGTH, Feeling

NOTE_HINT = (
    f"Only you can see this note. Up to {MAX_NOTE_LENGTH:,} characters. "
    "You can change or delete it at any time."
)


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Your note",
        help_text=NOTE_HINT,
        # No max_length here: a browser limit would cut her text off silently.
        # The service's rule explains instead, and keeps what she wrote.
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_text(self):
        try:
            return services.clean_note(self.cleaned_data.get("text"))
        except services.ReflectionError as error:
            raise forms.ValidationError(error.message) from error


class RadioChoices(forms.RadioSelect):
    """Radios whose field "id" is the first option's, so the error summary's link
    lands on the choices rather than nowhere."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class CheckInForm(forms.Form):
    feeling = forms.ChoiceField(
        label="How are you feeling after this lesson?",
        choices=Feeling.choices,
        widget=RadioChoices,
        error_messages={
            "required": "Choose how you are feeling, or leave this and carry on.",
            "invalid_choice": "Choose how you are feeling from the list.",
        },
    )
    note = forms.CharField(
        label="Anything you want to note for yourself (optional)",
        required=False,
        help_text=f"Up to {MAX_CHECK_IN_NOTE_LENGTH:,} characters.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self):
        note = self.cleaned_data.get("note", "")
        if len(note) > MAX_CHECK_IN_NOTE_LENGTH:
            raise forms.ValidationError(services.CHECK_IN_NOTE_TOO_LONG)
        return note
