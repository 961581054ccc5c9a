from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from core.constraints import TextWithoutNul

from . import services
from .models import MAX_CHECK_IN_NOTE_LENGTH, MAX_NOTE_LENGTH, Draft, Feeling


def _note_hint() -> str:
    return gettext(
        "Only you can see this note. Up to %(limit)s characters. "
        "You can change or delete it at any time."
    ) % {"limit": f"{MAX_NOTE_LENGTH:,}"}


NOTE_HINT = lazy(_note_hint, str)()

# Django's fields refuse NUL characters; say so in the site's words.
TEXT_ERRORS = {
    "null_characters_not_allowed": TextWithoutNul.default_violation_error_message
}


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your note"),
        help_text=NOTE_HINT,
        # No max_length here: a browser limit would cut her text off silently.
        # The service's rule explains instead, and keeps what she wrote.
        required=False,
        strip=False,
        error_messages=TEXT_ERRORS,
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


LESSON_FORM_ID = "lesson-writing"


def note_field_name(block_id: str) -> str:
    return f"note-{block_id}"


class LessonWritingForm(forms.Form):
    """Everything she can write on a lesson's page, sent with whichever button
    she presses: her note on each prompt, and her check-in. The boxes sit where
    they belong in the lesson (the HTML `form` attribute ties them to the one
    form), so "Mark complete and continue" carries them all.

    `prompts` are the lesson's (block id → prompt); a box for a prompt the lesson
    does not have is never read. `versions` are her drafts' versions when the
    page was made, for the autosave script."""

    def __init__(
        self,
        *args,
        prompts: dict[str, str],
        versions: dict[str, int] | None = None,
        **kwargs,
    ):
        kwargs.setdefault("auto_id", "lesson-%s")
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        versions = versions or {}
        for block_id, prompt in prompts.items():
            self.fields[note_field_name(block_id)] = forms.CharField(
                label=gettext("Your note"),
                help_text=NOTE_HINT,
                required=False,
                strip=False,
                error_messages=TEXT_ERRORS,
                widget=forms.Textarea(
                    attrs={
                        "rows": 5,
                        "form": LESSON_FORM_ID,
                        "data-autosave-key": block_id,
                        "data-autosave-version": versions.get(block_id, 0),
                    }
                ),
            )
            self.fields[note_field_name(block_id)].prompt = prompt
        self.fields["feeling"] = forms.ChoiceField(
            label=gettext("How are you feeling after this lesson?"),
            choices=Feeling.choices,
            required=False,
            widget=RadioChoices(attrs={"form": LESSON_FORM_ID}),
            error_messages={
                "invalid_choice": gettext("Choose how you are feeling from the list.")
            },
        )
        self.fields["check_in_note"] = forms.CharField(
            label=gettext("Anything you want to note for yourself (optional)"),
            required=False,
            help_text=gettext("Up to %(limit)s characters.")
            % {"limit": f"{MAX_CHECK_IN_NOTE_LENGTH:,}"},
            error_messages=TEXT_ERRORS,
            widget=forms.Textarea(
                attrs={
                    "rows": 3,
                    "form": LESSON_FORM_ID,
                    "data-autosave-key": Draft.CHECK_IN_NOTE,
                    "data-autosave-version": versions.get(Draft.CHECK_IN_NOTE, 0),
                }
            ),
        )

    def note_fields(self):
        """(prompt, bound field) for each prompt, in lesson order."""
        return [
            (prompt, self[note_field_name(block_id)])
            for block_id, prompt in self.prompts.items()
        ]

    def clean(self):
        cleaned = super().clean()
        for block_id in self.prompts:
            name = note_field_name(block_id)
            text = (cleaned.get(name) or "").strip()
            if len(text) > MAX_NOTE_LENGTH:
                self.add_error(name, services.NoteTooLong.message)
        note = (cleaned.get("check_in_note") or "").strip()
        if len(note) > MAX_CHECK_IN_NOTE_LENGTH:
            self.add_error("check_in_note", services.CHECK_IN_NOTE_TOO_LONG)
        elif note and not cleaned.get("feeling") and "feeling" not in self.errors:
            self.add_error("feeling", services.CHECK_IN_NEEDS_FEELING)
        return cleaned

    def writing(self) -> services.LessonWriting:
        """What she sent, for the service. Only boxes that were on her page count:
        the alternative route, for one, shows no prompts."""
        return services.LessonWriting(
            notes={
                block_id: self.cleaned_data.get(note_field_name(block_id)) or ""
                for block_id in self.prompts
                if note_field_name(block_id) in self.data
            },
            feeling=self.cleaned_data.get("feeling") or "",
            check_in_note=self.cleaned_data.get("check_in_note") or "",
            check_in_shown=("check_in_note" in self.data or "feeling" in self.data),
        )


class DraftForm(forms.Form):
    """One autosave from the page's script. Django's CharField refuses NUL
    characters; the length rule is the service's."""

    key = forms.CharField(max_length=64)
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_NOTE_LENGTH,
        error_messages={
            **TEXT_ERRORS,
            "max_length": lazy(services.draft_too_long, str)(MAX_NOTE_LENGTH),
        },
    )
    version = forms.IntegerField(min_value=0, max_value=2**31 - 1)
