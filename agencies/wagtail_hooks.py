"""Agencies in the Wagtail admin: the agencies, teams and people screens, and the
"Training across agencies" report under Reports, for trainers and admins."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Membership
from .viewsets import AgenciesViewSetGroup, MembershipPermissionPolicy

register_permission_policy(Membership, MembershipPermissionPolicy(Membership))
hooks.register("register_admin_viewset", AgenciesViewSetGroup)

admin_urlpatterns = [
    path("", admin_views.TrainingReportView.as_view(), name="training_report"),
    path(
        "results/",
        admin_views.TrainingReportView.as_view(results_only=True),
        name="training_report_results",
    ),
]


@hooks.register("register_admin_urls")
def register_agencies_admin_urls():
    return [
        path(
            "training-report/",
            include((admin_urlpatterns, "agencies_admin"), namespace="agencies_admin"),
        ),
        path(
            "quiz-time/",
            admin_views.quiz_time_requests,
            name="agencies_quiz_time",
        ),
    ]


class TrainingReportMenuItem(MenuItem):
    """Shown to trainers and superusers only, like the report itself."""

    def is_shown(self, request):
        return admin_views.can_view_training_report(request.user)


@hooks.register("register_reports_menu_item")
def register_training_report_menu_item():
    return TrainingReportMenuItem(
        _("Training across agencies"),
        reverse("agencies_admin:training_report"),
        name="training-across-agencies",
        icon_name="group",
        order=600,
    )


class TrainersMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_training_report(request.user)


@hooks.register("register_admin_menu_item")
def register_quiz_time_menu_item():
    return TrainersMenuItem(
        _("More quiz time"),
        reverse("agencies_quiz_time"),
        name="more-quiz-time",
        icon_name="time",
        order=950,
    )
