"""Quiz results: every quiz with its attempts and pass rate, one quiz's item
statistics, and those statistics as a CSV download."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from .. import reports
from ..models import QuizPage
from .base import PER_PAGE, FilteredOnceMixin, TrainersOnlyMixin


class ResultsView(TrainersOnlyMixin, FilteredOnceMixin, ReportView):
    """Every quiz, drafts included, with its attempts and pass rate."""

    page_title = _("Quiz results")
    header_icon = "table"
    index_url_name = "quizzes_admin:results"
    results_template_name = "quizzes/admin/results_index_results.html"
    paginate_by = PER_PAGE

    def get_base_queryset(self):
        return reports.quiz_overview()

    def decorate_paginated_queryset(self, object_list):
        quizzes = list(object_list)
        steplen = Page.steplen
        parents = {
            page.path: page
            for page in Page.objects.filter(
                path__in={quiz.path[:-steplen] for quiz in quizzes}
            )
        }
        return [
            {
                "quiz": quiz,
                "course": parents.get(quiz.path[:-steplen]),
                "results": reports.results_for(quiz),
            }
            for quiz in quizzes
        ]


class QuizMixin(TrainersOnlyMixin):
    @cached_property
    def quiz(self) -> QuizPage:
        return get_object_or_404(reports.quiz_choices(), pk=self.kwargs["quiz_id"])


class QuizResultsView(QuizMixin, WagtailAdminTemplateMixin, TemplateView):
    """One quiz: attempts, pass rate and item statistics."""

    template_name = "quizzes/admin/quiz_results.html"
    header_icon = "table"

    def get_page_title(self):
        return gettext("Results: %(title)s") % {"title": self.quiz.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quizzes_admin:results"), "label": gettext("Quiz results")},
            {"url": "", "label": self.quiz.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            quiz=self.quiz,
            results=reports.quiz_results(self.quiz),
            statistics=reports.question_statistics(self.quiz),
        )
        return context


class StatisticsCSVView(QuizMixin, View):
    """The item statistics as quiz-<id>-statistics.csv."""

    http_method_names = ["get"]

    def get(self, request, quiz_id: int):
        quiz = self.quiz
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="quiz-{quiz.pk}-statistics.csv"'
        )
        response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
        csv.writer(response).writerows(reports.question_statistics_csv(quiz))
        return response
