from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import EMAIL_FORMAT, PeopleFirstErrorsMixin
from core.ids import ModelChoiceField
from core.uploads import UploadRefused, read_text_upload
from courses.models import CoursePage
from quizzes import adjustments
from quizzes.models import TimeAdjustment

from .models import Team
from .services import MAX_CSV_BYTES, MAX_CSV_LINE_CHARS

REAL_DATE = gettext_lazy("Enter a real date, like 26 November 2026")


class InviteForm(PeopleFirstErrorsMixin, forms.Form):
    # Someone else's details: the browser must not fill in the manager's own.
    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Enter the person's full name")},
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": gettext_lazy("Enter the person's email address"),
            "invalid": EMAIL_FORMAT,
        },
    )
    team = ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.none(),
        required=False,
        error_messages={
            "required": gettext_lazy("Choose which of your teams they will join")
        },
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = scope.teams()
        if not scope.whole_agency:
            self.fields["team"].required = True
            self.fields["team"].empty_label = None


class UploadForm(PeopleFirstErrorsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "One person per line. The first line names the columns: full_name, "
            "email and, optionally, team. Up to 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": gettext_lazy("Choose a CSV file to upload")},
    )

    def clean_file(self):
        """Refuse, before reading it, anything that is not a small CSV text file."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                _(
                    "Choose a CSV file (its name ends in .csv). In Excel, use "
                    "Save As and choose “CSV UTF-8”."
                )
            )
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB. Split it into smaller files.")
            )
        # Every byte, not the first few: what follows them is what gets stored.
        data = upload.read()
        upload.seek(0)
        try:
            read_text_upload(
                data, max_bytes=MAX_CSV_BYTES, max_line_chars=MAX_CSV_LINE_CHARS
            )
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        return upload


class AssignmentForm(PeopleFirstErrorsMixin, forms.Form):
    course = ModelChoiceField(
        label=gettext_lazy("Course"),
        queryset=CoursePage.objects.none(),
        error_messages={"required": gettext_lazy("Choose a course")},
    )
    target = forms.ChoiceField(
        label=gettext_lazy("Who it is for"),
        error_messages={"required": gettext_lazy("Choose who the course is for")},
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Enter a due date"),
            "invalid": REAL_DATE,
        },
        help_text=gettext_lazy(
            "People who join later get the same due date, or four weeks "
            "from when they join if that is later."
        ),
    )
    renew_every_months = forms.IntegerField(
        label=gettext_lazy("Renew every (months)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=gettext_lazy(
            "Optional, e.g. 12 for yearly refreshers. Leave empty to follow "
            "the course's own renewal period."
        ),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        choices = []
        if scope.whole_agency:
            choices.append(
                (
                    "agency",
                    _("Everyone in %(agency)s") % {"agency": scope.agency.name},
                )
            )
        choices += [
            (f"team:{team.pk}", _("Team: %(team)s") % {"team": team.name})
            for team in scope.teams()
        ]
        people = scope.memberships().select_related("user").order_by("user__full_name")
        choices += [
            (f"person:{m.pk}", f"{m.user.full_name} ({m.user.email})") for m in people
        ]
        self.fields["target"].choices = choices

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Choose a due date from today onwards."))
        return due

    def clean_target(self):
        value = self.cleaned_data["target"]
        if value == "agency":
            return {}
        kind, _, pk = value.partition(":")
        if kind == "team":
            return {"team": self.scope.teams().get(pk=pk)}
        return {"membership": self.scope.memberships().get(pk=pk)}


class DueDateForm(PeopleFirstErrorsMixin, forms.Form):
    due_date = forms.DateField(
        label=gettext_lazy("New due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Enter a due date"),
            "invalid": REAL_DATE,
        },
        help_text=gettext_lazy("Everyone it covers is emailed the new date."),
    )

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("Choose a due date from today onwards."))
        return due


class JoinCodeForm(PeopleFirstErrorsMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Join code"),
        max_length=20,
        help_text=gettext_lazy("Eight letters and numbers, from your manager."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
        error_messages={
            "required": gettext_lazy("Enter the join code your manager gave you"),
            "max_length": gettext_lazy(
                "Enter the join code your manager gave you: it has "
                "eight letters and numbers"
            ),
        },
    )


class MoreTimeForm(PeopleFirstErrorsMixin, forms.Form):
    until = forms.DateField(
        label=gettext_lazy("New due date you would like"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": gettext_lazy("Enter the due date you would like"),
            "invalid": REAL_DATE,
        },
    )


class DecideMoreTimeForm(PeopleFirstErrorsMixin, forms.Form):
    other_date = forms.DateField(
        label=gettext_lazy("Or agree a different date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": REAL_DATE},
    )


class QuizTimeForm(forms.Form):
    """A manager or trainer agrees more time on timed quizzes."""

    multiplier = forms.ChoiceField(
        label=gettext_lazy("Time on timed quizzes"),
        choices=[("", gettext_lazy("Choose…")), *TimeAdjustment.Multiplier.choices],
        error_messages={
            "required": adjustments.UNKNOWN_MULTIPLIER,
            "invalid_choice": adjustments.UNKNOWN_MULTIPLIER,
        },
    )
