"""The "Quizzes" admin screens as one Wagtail viewset, under /admin/quizzes/,
with a "Quizzes" menu whose "Marking" item counts the attempts waiting."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.base import ViewSet

from accounts.roles import is_trainer

from .. import reports
from .importing import ImportView
from .listings import AttemptListView, MarkingQueueView
from .marking import AttemptView, MarkView
from .results import QuizResultsView, ResultsView, StatisticsCSVView


def waiting_count(request) -> int:
    """Attempts waiting to be marked: one count query, once per request."""
    if not hasattr(request, "_quizzes_waiting_count"):
        request._quizzes_waiting_count = reports.attempts_awaiting_marking_count()
    return request._quizzes_waiting_count


def _with_count(label: str, request, *, waiting: bool = False) -> str:
    count = waiting_count(request)
    if not count:
        return label
    if waiting:
        return gettext("%(label)s (%(count)s waiting)") % {
            "label": label,
            "count": count,
        }
    return f"{label} ({count})"


class TrainerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_trainer(request.user)


class MarkingMenuItem(TrainerMenuItem):
    """Its label says how many attempts wait: "Marking (3 waiting)"."""

    def render_component(self, request):
        component = super().render_component(request)
        component.label = _with_count(self.label, request, waiting=True)
        return component


class QuizzesMenuItem(SubmenuMenuItem):
    """The same count, short enough for the collapsed menu: "Quizzes (3)"."""

    def render_component(self, request):
        component = super().render_component(request)
        component.label = _with_count(self.label, request)
        return component


class QuizzesAdminViewSet(ViewSet):
    name = "quizzes_admin"
    url_prefix = "quizzes"
    icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 260
    add_to_admin_menu = True

    def get_urlpatterns(self):
        marking = MarkingQueueView.as_view()
        attempts = AttemptListView.as_view()
        return [
            path("marking/", marking, name="marking"),
            path(
                "marking/results/",
                MarkingQueueView.as_view(results_only=True),
                name="marking_results",
            ),
            path("attempts/", attempts, name="attempts"),
            path(
                "attempts/results/",
                AttemptListView.as_view(results_only=True),
                name="attempts_results",
            ),
            path("attempts/<id:attempt_id>/", AttemptView.as_view(), name="attempt"),
            path(
                "attempts/<id:attempt_id>/responses/<id:response_id>/mark/",
                MarkView.as_view(),
                name="mark",
            ),
            path("results/", ResultsView.as_view(), name="results"),
            path(
                "results/<id:quiz_id>/",
                QuizResultsView.as_view(),
                name="quiz_results",
            ),
            path(
                "results/<id:quiz_id>/statistics.csv",
                StatisticsCSVView.as_view(),
                name="quiz_statistics_csv",
            ),
            path("import/", ImportView.as_view(), name="import"),
        ]

    def get_menu_item(self, order=None):
        items = [
            (MarkingMenuItem, _("Marking"), "marking", "edit"),
            (TrainerMenuItem, _("Attempts"), "attempts", "list-ul"),
            (TrainerMenuItem, _("Quiz results"), "results", "table"),
            (TrainerMenuItem, _("Import questions"), "import", "upload"),
        ]
        menu = Menu(
            items=[
                cls(
                    label,
                    reverse(self.get_url_name(name)),
                    name=name,
                    icon_name=icon,
                    order=number * 100,
                )
                for number, (cls, label, name, icon) in enumerate(items, start=1)
            ]
        )
        return QuizzesMenuItem(
            self.menu_label,
            menu,
            name="quizzes",
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )
