"""The marking queue and the list of submitted attempts: Wagtail report
listings, filtered by quiz and learner."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from .. import grading, reports, selectors
from .base import (
    PER_PAGE,
    AttemptFilterSet,
    FilteredOnceMixin,
    TrainersOnlyMixin,
    result_label,
)


class AttemptListingView(TrainersOnlyMixin, FilteredOnceMixin, ReportView):
    filterset_class = AttemptFilterSet
    paginate_by = PER_PAGE

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["filter_errors"] = bool(self.filters and self.filters.errors)
        return context


class MarkingQueueView(AttemptListingView):
    """Attempts whose result waits on a trainer, oldest first."""

    page_title = _("Marking")
    header_icon = "edit"
    index_url_name = "quizzes_admin:marking"
    index_results_url_name = "quizzes_admin:marking_results"
    results_template_name = "quizzes/admin/marking_queue_results.html"

    def get_base_queryset(self):
        return reports.attempts_awaiting_marking()

    def decorate_paginated_queryset(self, object_list):
        rows = []
        for attempt in object_list:
            waiting = {
                r.question_key
                for r in attempt.responses.all()
                if r.is_correct is None and r.marks is None
            }
            rows.append(
                {
                    "attempt": attempt,
                    "score": selectors.score(attempt),
                    "questions": [
                        q["text"]
                        for q in attempt.questions
                        if q["key"] in waiting and q["kind"] == grading.FREE_TEXT
                    ],
                }
            )
        return rows


class AttemptListView(AttemptListingView):
    """Every submitted attempt, newest first."""

    page_title = _("Quiz attempts")
    header_icon = "list-ul"
    index_url_name = "quizzes_admin:attempts"
    index_results_url_name = "quizzes_admin:attempts_results"
    results_template_name = "quizzes/admin/attempt_list_results.html"

    def get_base_queryset(self):
        return reports.attempts_for_staff()

    def decorate_paginated_queryset(self, object_list):
        return [
            {
                "attempt": attempt,
                "score": selectors.score(attempt),
                "result_label": result_label(attempt),
            }
            for attempt in object_list
        ]
