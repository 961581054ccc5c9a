"""The course editor's "Publish course with its lessons and quizzes": a page
that lists what will go live (GET) and does it (POST), like Wagtail's own
unpublish confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from . import authoring
from .models import CoursePage


def may_publish_course(course: Page, user) -> bool:
    """Whether to offer the action: she may publish the course, or send it to
    moderation (the service checks every page again)."""
    tester = course.permissions_for_user(user)
    return tester.can_publish() or (
        tester.can_edit()
        and (tester.can_submit_for_moderation() or course.workflow_in_progress)
    )


@require_http_methods(["GET", "POST"])
def publish_course(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not may_publish_course(course, request.user):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    error = None
    if request.method == "POST":
        try:
            publication = authoring.publish_course(course=course, user=request.user)
        except authoring.AuthoringError as refusal:
            error = refusal.message
        else:
            messages.success(request, _done_message(course, publication))
            return redirect("wagtailadmin_explore", course.pk)
    pages = authoring.pages_to_publish(course=course)
    return TemplateResponse(
        request,
        "courses/admin/publish_course.html",
        {
            "course": course,
            "pages": pages,
            "steps": [
                (page, page._meta.verbose_name)
                for page in pages
                if page.pk != course.pk
            ],
            "with_course": any(page.pk == course.pk for page in pages),
            "may_publish": course.permissions_for_user(request.user).can_publish(),
            "error": error,
            "edit_url": edit_url,
        },
        status=400 if error else 200,
    )


def _done_message(course, publication: authoring.CoursePublication) -> str:
    count = len(publication.pages)
    values = {"title": course.title, "count": count}
    if publication.action == "submitted":
        return (
            ngettext(
                "“%(title)s” and its drafts (%(count)d page) were sent for moderation "
                "together. A moderator can publish them in one go.",
                "“%(title)s” and its drafts (%(count)d pages) were sent for moderation "
                "together. A moderator can publish them in one go.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "“%(title)s” is live, with its lessons and quizzes (%(count)d page).",
            "“%(title)s” is live, with its lessons and quizzes (%(count)d pages).",
            count,
        )
        % values
    )
