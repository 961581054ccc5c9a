"""The Kairos-wide training report in the Wagtail admin, for trainers and admins.

One row per person and assigned course, across every agency, with the status
`selectors.with_status` works out in the database: the same rule the managers'
dashboards, their exports and the reminders use. Filters by agency, course and
status; exports to CSV and XLSX through agencies/exports.py, as the managers'
exports do.

Mounted under /admin/ by `wagtail_hooks.py`, so Wagtail first checks that the
person may use the admin at all (agency managers and learners may not: they go
to its sign-in page); the view then lets in trainers and superusers only
(anyone else with admin access meets Wagtail's "you do not have permission").
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.mixins import Echo
from wagtail.admin.views.reports import ReportView

from accounts.roles import is_trainer, trainers_policy
from audit import services as audit  # audit log (issue 6)
from core.filters import ModelChoiceFilter
from core.ids import id_from_query
from courses.models import CoursePage
from quizzes.models import TimeAdjustment

from . import exports, services
from .forms import QuizTimeForm
from .models import Agency, Requirement
from .selectors import (
    PER_PAGE,
    ExportRow,
    Status,
    cell_for,
    quiz_time_requests_without_agency,
    rows_for,
    totals_by_agency,
    with_status,
)

EXPORT_CHUNK_SIZE = 1000
# The totals table's columns, in the order a reader weighs them.
STATUS_COLUMNS = (
    Status.COMPLETED,
    Status.EXPIRING,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
    Status.OVERDUE,
    Status.EXPIRED,
)


def can_view_training_report(user) -> bool:
    """Trainers and superusers with admin access: the rule the quizzes admin uses."""
    return is_trainer(user)


# Filters -------------------------------------------------------------------------


def agencies_for_filter(request):
    return Agency.objects.order_by("name")


def courses_for_filter(request):
    """Only courses someone has been assigned: the others would match nothing."""
    return CoursePage.objects.filter(
        pk__in=Requirement.objects.values("course_id")
    ).order_by("title")


class TrainingReportFilterSet(WagtailFilterSet):
    agency = ModelChoiceFilter(
        label=gettext_lazy("Agency"),
        empty_label=gettext_lazy("All agencies"),
        queryset=agencies_for_filter,
    )
    course = ModelChoiceFilter(
        label=gettext_lazy("Course"),
        empty_label=gettext_lazy("All courses"),
        queryset=courses_for_filter,
    )
    # Filters on the `status` annotation that `with_status` adds.
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("All statuses"),
        choices=list(Status.LABELS.items()),
    )

    class Meta:
        model = Requirement
        fields = []


# Rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One person's assigned course, as the report shows and exports it."""

    agency: str
    team: str
    name: str
    email: str
    course: str
    due_date: datetime.date
    status: str
    status_label: str
    completed_on: datetime.date | None
    expires_on: datetime.date | None


def row_for(requirement: Requirement) -> ReportRow:
    """Needs `with_status` annotations and user, course, agency and
    user__membership__team selected, so it runs no query of its own."""
    cell = cell_for(requirement)
    user = requirement.user
    # A reverse one-to-one that select_related found empty raises an
    # AttributeError subclass rather than querying again.
    membership = getattr(user, "membership", None)
    team = membership.team if membership is not None else None
    return ReportRow(
        agency=requirement.agency.name,
        team=team.name if team is not None else "",
        name=user.full_name,
        email=user.email,
        course=requirement.course.title,
        due_date=cell.due_date,
        status=cell.status,
        status_label=cell.label,
        completed_on=cell.completed_on,
        expires_on=cell.expires_on,
    )


# The report ----------------------------------------------------------------------


class TrainingReportView(ReportView):
    page_title = gettext_lazy("Training across agencies")
    header_icon = "group"
    results_template_name = "agencies/admin/training_report_results.html"
    index_url_name = "agencies_admin:training_report"
    index_results_url_name = "agencies_admin:training_report_results"
    filterset_class = TrainingReportFilterSet
    paginate_by = PER_PAGE

    # The columns of every training export (agencies/exports.py); Wagtail
    # shows its download buttons when there are some.
    list_export = [column.field for column in exports.COLUMNS]
    export_headings = {column.field: column.heading for column in exports.COLUMNS}

    # Trainers and superusers; anyone else meets Wagtail's own refusal.
    permission_policy = trainers_policy(Requirement)
    permission_required = "view"

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_filename(self):
        return f"training-across-agencies-{self.today:%Y-%m-%d}"

    def get_base_queryset(self):
        requirements = Requirement.objects.all()
        return with_status(
            requirements.select_related(
                "user", "course", "agency", "user__membership__team"
            ),
            today=self.today,
        ).order_by("agency__name", "user__full_name", "user__email", "course__title")

    def filter_queryset(self, queryset):
        # A filter Wagtail cannot read (an agency since deleted, say) shows no
        # rows, rather than every row in Kairos, on screen and in exports.
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_filtered_queryset(self):
        # ReportView filters get_queryset() a second time, which would put the
        # status expression into the query twice.
        return self.get_queryset()

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # Totals follow the filters, so they always add up to the rows listed.
        context["agency_totals"] = [
            (totals, [totals.counts[status] for status in STATUS_COLUMNS])
            for totals in totals_by_agency(self.get_filtered_queryset())
        ]
        context["status_labels"] = [Status.LABELS[s] for s in STATUS_COLUMNS]
        return context

    def decorate_paginated_queryset(self, object_list):
        return [row_for(requirement) for requirement in object_list]

    def get(self, request, *args, **kwargs):
        if self.is_export:
            self.audit_export(request.GET["export"])  # audit log (issue 6)
            # Straight to the spreadsheet: the listing's context would count,
            # and so load, every row first.
            return self.as_spreadsheet(self.export_rows(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def audit_export(self, export_format: str) -> None:
        """Audit log (issue 6): the Kairos-wide report left the platform."""
        chosen = self.chosen_filters()
        audit.record(
            actor=self.request.user,
            action=audit.Action.REPORT_EXPORTED,
            target_label="Training across agencies",
            agency=chosen.get("agency"),
            details={
                "format": export_format,
                "filters": {name: str(value) for name, value in chosen.items()},
            },
        )

    def export_rows(self) -> Iterator[ExportRow]:
        """Every filtered row, read in chunks, so memory stays flat."""
        return rows_for(self.get_filtered_queryset(), chunk_size=EXPORT_CHUNK_SIZE)

    def chosen_filters(self) -> dict:
        if self.filters is None or not self.filters.is_valid():
            return {}
        return {
            name: value
            for name, value in self.filters.form.cleaned_data.items()
            if value not in (None, "")
        }

    def about(self) -> exports.About:
        chosen = self.chosen_filters()
        words = []
        if self.filters is not None and not self.filters.is_valid():
            words.append(_("Filters that could not be read: no rows"))
        if "agency" in chosen:
            words.append(_("Agency: %(agency)s") % {"agency": chosen["agency"].name})
        if "course" in chosen:
            words.append(_("Course: %(course)s") % {"course": chosen["course"].title})
        if "status" in chosen:
            words.append(
                _("Status: %(status)s") % {"status": Status.LABELS[chosen["status"]]}
            )
        user = self.request.user
        return exports.About(
            report=_("Training across agencies"),
            agency=chosen["agency"].name if "agency" in chosen else _("All agencies"),
            exported_by=f"{user.full_name} ({user.email})",
            exported_at=timezone.now(),
            as_at=self.today,
            filters=words,
        )

    def write_csv_response(self, rows):
        writer = csv.writer(Echo())
        response = StreamingHttpResponse(
            (writer.writerow(row) for row in exports.csv_rows(rows)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.csv"'
        )
        return response

    def write_xlsx_response(self, rows):
        # The finished file waits on disk rather than in memory.
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        exports.write_xlsx(rows, self.about(), spool)
        spool.seek(0)
        return FileResponse(
            spool,
            as_attachment=True,
            content_type=exports.XLSX_CONTENT_TYPE,
            filename=f"{self.get_filename()}.xlsx",
        )


# More time on timed quizzes, for people in no agency ---------------------------


def quiz_time_requests(request):
    """Kairos answers requests for more time on timed quizzes from people who
    belong to no agency (a manager answers her own staff's)."""
    if not is_trainer(request.user):
        raise PermissionDenied  # Wagtail's own refusal, as every admin view gives
    if request.method == "POST":
        form = QuizTimeForm(request.POST)
        user_id = id_from_query(request.POST, "user")
        if not form.is_valid():
            messages.error(request, form.errors["multiplier"][0])
        elif user_id is None:
            messages.error(request, _("That request could not be found."))
        else:
            try:
                adjustment = services.agree_quiz_time_as_trainer(
                    by=request.user,
                    user_id=user_id,
                    multiplier=form.cleaned_data["multiplier"],
                )
            except services.AgencyError as error:
                messages.error(request, error.message)
            else:
                person = adjustment.user
                messages.success(
                    request,
                    _("%(person)s now has %(time)s on timed quizzes.")
                    % {
                        "person": person.full_name or person.email,
                        "time": adjustment.get_multiplier_display().lower(),
                    },
                )
        return redirect("agencies_quiz_time")
    return TemplateResponse(
        request,
        "agencies/admin/quiz_time.html",
        {
            "page_title": _("More time on timed quizzes"),
            "requests": quiz_time_requests_without_agency(),
            "choices": TimeAdjustment.Multiplier.choices,
        },
    )
