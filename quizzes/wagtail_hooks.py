"""The quizzes in the Wagtail admin: the "Quizzes" viewset (marking, attempts,
results, import), the question bank as snippets with its chooser, and a
dashboard panel."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet

from accounts.roles import is_trainer
from courses.models import CoursePage

from . import authoring, reports
from .admin.bank import QuestionBankViewSetGroup
from .admin.viewsets import QuizzesAdminViewSet


@hooks.register("register_admin_viewset")
def register_quizzes_admin_viewset():
    return QuizzesAdminViewSet()


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


register_snippet(QuestionBankViewSetGroup)


# A new course ---------------------------------------------------------------------


@hooks.register("after_create_page", order=1)
def give_new_course_a_quiz(request, page):
    """After courses' first lesson (order 0): the new course's empty quiz."""
    if isinstance(page.specific, CoursePage):
        authoring.add_empty_quiz(course=page.specific, user=request.user)
