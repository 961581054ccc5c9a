"""Operations in the Wagtail admin: "Background tasks" under Reports, for
superusers."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.roles import is_superuser

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.BackgroundTasksView.as_view(), name="background_tasks"),
    path(
        "<uuid:result_id>/run-again/",
        admin_views.RunAgainView.as_view(),
        name="run_again",
    ),
]


@hooks.register("register_admin_urls")
def register_operations_admin_urls():
    return [
        path(
            "background-tasks/",
            include(
                (admin_urlpatterns, "operations_admin"), namespace="operations_admin"
            ),
        )
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return is_superuser(request.user)


@hooks.register("register_reports_menu_item")
def register_background_tasks_menu_item():
    return SuperuserMenuItem(
        _("Background tasks"),
        reverse("operations_admin:background_tasks"),
        name="background-tasks",
        icon_name="cogs",
        order=900,
    )
