"""Forms of the quizzes admin: marks for a written answer, a CSV of questions."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.ids import ModelChoiceField
from core.uploads import UploadRefused, read_text_upload

from ..models import QuestionCategory

MAX_IMPORT_BYTES = 1024 * 1024
# A question (up to 5,000 characters), its choices and explanation fit well within.
MAX_IMPORT_LINE_CHARS = 50_000
IMPORT_COLUMNS = [
    "kind",
    "question",
    "choices",
    "correct",
    "explanation",
    "points",
    "category",
]


class MarkForm(forms.Form):
    marks = forms.DecimalField(max_digits=6, decimal_places=2)
    comment = forms.CharField(
        label=_("Comment for the learner"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: what was good and what to work on."),
    )

    def __init__(self, *args, points: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        field = self.fields["marks"]
        field.label = gettext("Marks (0 to %(points)s)") % {"points": points}
        field.min_value = Decimal(0)
        field.max_value = Decimal(points)
        field.widget.attrs.update(
            {"min": 0, "max": points, "step": "0.01", "inputmode": "decimal"}
        )
        enter_marks = gettext("Enter the marks, from 0 to %(points)s.") % {
            "points": points
        }
        field.error_messages.update(
            {
                "required": enter_marks,
                "invalid": gettext("Enter the marks as a number, such as 2 or 1.5."),
                "max_decimal_places": gettext("Use at most two decimal places."),
                "max_digits": enter_marks,
            }
        )

    def clean_marks(self):
        marks = self.cleaned_data["marks"]
        if marks < 0 or marks > self.points:
            raise forms.ValidationError(
                gettext(
                    "Marks must be between 0 and %(points)s, the points this "
                    "question is worth."
                )
                % {"points": self.points}
            )
        return marks


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=format_lazy(
            _(
                "A .csv file of at most 1 MB, saved as UTF-8, with the columns "
                "{columns}."
            ),
            columns=", ".join(IMPORT_COLUMNS),
        ),
    )
    category = ModelChoiceField(
        queryset=QuestionCategory.objects.all(),
        required=False,
        empty_label=_("No category"),
        label=_("Category for rows that name none"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(gettext("Choose a .csv file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than 1 MB. Split it into smaller files.")
            )
        try:
            # The whole file: encoding, no NUL anywhere, no overlong line.
            self.cleaned_data["text"] = read_text_upload(
                upload.read(),
                max_bytes=MAX_IMPORT_BYTES,
                max_line_chars=MAX_IMPORT_LINE_CHARS,
            )
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload
