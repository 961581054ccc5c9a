"""The quizzes in the Wagtail admin: the question bank as snippets, a "Quizzes"
menu for marking, attempts, results and import, and a dashboard panel."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.roles import is_trainer
from core.filters import id_checked_filterset
from courses.models import CoursePage

from . import admin_views, authoring, reports
from .models import Question, QuestionCategory

admin_urlpatterns = [
    path("marking/", admin_views.marking_queue, name="marking"),
    path("attempts/", admin_views.attempt_list, name="attempts"),
    path("attempts/<id:attempt_id>/", admin_views.attempt_detail, name="attempt"),
    path(
        "attempts/<id:attempt_id>/responses/<id:response_id>/mark/",
        admin_views.mark,
        name="mark",
    ),
    path("results/", admin_views.results_index, name="results"),
    path("results/<id:quiz_id>/", admin_views.quiz_results, name="quiz_results"),
    path(
        "results/<id:quiz_id>/statistics.csv",
        admin_views.quiz_statistics_csv,
        name="quiz_statistics_csv",
    ),
    path("import/", admin_views.import_questions, name="import"),
]


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [
        path(
            "quizzes/",
            include((admin_urlpatterns, "quizzes_admin"), namespace="quizzes_admin"),
        )
    ]


class TrainerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_trainer(request.user)


@hooks.register("register_admin_menu_item")
def register_quizzes_menu():
    items = [
        ("Marking", "quizzes_admin:marking", "edit"),
        ("Attempts", "quizzes_admin:attempts", "list-ul"),
        ("Quiz results", "quizzes_admin:results", "table"),
        ("Import questions", "quizzes_admin:import", "upload"),
    ]
    menu = Menu(
        items=[
            TrainerMenuItem(
                label,
                reverse(url_name),
                name=url_name.split(":")[1],
                icon_name=icon,
                order=number * 100,
            )
            for number, (label, url_name, icon) in enumerate(items, start=1)
        ]
    )
    return SubmenuMenuItem(
        "Quizzes", menu, name="quizzes", icon_name="tasks", order=260
    )


class MarkingPanel(Component):
    """On the admin dashboard: how many answers wait to be marked."""

    name = "quizzes_marking"
    template_name = "quizzes/admin/home_panel.html"
    order = 50

    def get_context_data(self, parent_context=None):
        return {
            "count": reports.awaiting_marking_count(),
            "marking_url": reverse("quizzes_admin:marking"),
        }


@hooks.register("construct_homepage_panels")
def add_marking_panel(request, panels):
    if is_trainer(request.user):
        panels.insert(0, MarkingPanel())


# The question bank ---------------------------------------------------------------


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["__str__", "parent"]
    search_fields = ["name"]
    ordering = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = "Questions"
    list_display = ["__str__", "kind", "category", "points"]
    filterset_class = id_checked_filterset(Question, ["kind", "category"])
    # Database search: finds part of a word, like "releas", while the model's
    # search index has no autocomplete field.
    search_fields = ["text"]
    search_backend_name = None
    ordering = ["-pk"]


class QuestionBankViewSetGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuestionCategoryViewSet)
    menu_label = "Question bank"
    menu_icon = "help"
    menu_order = 250


register_snippet(QuestionBankViewSetGroup)


# A new course ---------------------------------------------------------------------


@hooks.register("after_create_page", order=1)
def give_new_course_a_quiz(request, page):
    """After courses' first lesson (order 0): the new course's empty quiz."""
    if isinstance(page.specific, CoursePage):
        authoring.add_empty_quiz(course=page.specific, user=request.user)
