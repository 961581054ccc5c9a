"""What a manager or a trainer asks for: checked here, at the edge, with
messages written for people (core.forms)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.selectors import Scope
from core.forms import PeopleFirstErrorsMixin
from courses.models import CoursePage

REAL_DATE = gettext_lazy("Enter a real date, like 26 November 2026")
EARLIEST = datetime.date(2020, 1, 1)


def courses_in(scope: Scope) -> list[tuple[int, str]]:
    """The courses assigned to anyone in her scope, by title."""
    return list(
        CoursePage.objects.filter(pk__in=scope.requirements().values("course_id"))
        .order_by("title")
        .values_list("pk", "title")
    )


class PackForm(PeopleFirstErrorsMixin, forms.Form):
    courses = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Courses"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave every box empty for all of them."),
        error_messages={"invalid_choice": gettext_lazy("Choose courses from the list")},
    )
    teams = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Teams"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave every box empty for all of them."),
        error_messages={"invalid_choice": gettext_lazy("Choose teams from the list")},
    )
    as_at = forms.DateField(
        label=gettext_lazy("Statuses as at"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy(
                "Enter the date the statuses should be worked out for"
            ),
            "invalid": REAL_DATE,
        },
        help_text=gettext_lazy(
            "Usually today. Overdue and expiring are worked out for this date."
        ),
    )

    def __init__(self, *args, scope: Scope | None, **kwargs):
        kwargs.setdefault("initial", {"as_at": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.set_scope(scope)

    def set_scope(self, scope: Scope | None) -> None:
        self.fields["courses"].choices = courses_in(scope) if scope else []
        self.fields["teams"].choices = (
            [(team.pk, team.name) for team in scope.team_list] if scope else []
        )

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or earlier"))
        if as_at < EARLIEST:
            raise forms.ValidationError(
                _("The date must be %(date)s or later")
                % {"date": date_format(EARLIEST, "j F Y")}
            )
        return as_at
