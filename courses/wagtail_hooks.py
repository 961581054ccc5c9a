from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, authoring, publishing, services
from .models import ContentNoteTopic, CourseIndexPage, CoursePage, LessonPage


class ContentNoteTopicViewSet(SnippetViewSet):
    model = ContentNoteTopic
    icon = "warning"
    menu_label = gettext_lazy("Content-note topics")
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None


register_snippet(ContentNoteTopicViewSet)


@hooks.register("after_create_page")
def give_trainers_new_catalogue(request, page):
    if isinstance(page.specific, CourseIndexPage):
        services.grant_trainers_course_tree(catalogue=page.specific)


@hooks.register("after_create_page")
def start_new_course(request, page):
    """A new course starts with a first lesson (and, from the quizzes app, an
    empty quiz), as drafts ready to fill: nothing goes live half-made."""
    if not isinstance(page.specific, CoursePage):
        return
    if authoring.add_first_lesson(course=page.specific, user=request.user):
        messages.info(
            request,
            _(
                "“%(title)s” has a first lesson and an empty quiz, as drafts: "
                "fill them in, then publish the course with its lessons and "
                "quizzes."
            )
            % {"title": page.title},
        )


@hooks.register("after_create_page", order=100)
def open_first_lesson(request, page):
    """After every other hook (the quizzes app adds the empty quiz at order 1):
    a course just saved as a draft opens its first lesson, ready to write,
    instead of the course she has just filled in."""
    if not isinstance(page.specific, CoursePage) or page.live:
        return None
    lesson = authoring.first_step(course=page.specific)
    if lesson is None:
        return None
    return redirect("wagtailadmin_pages:edit", lesson.pk)


@hooks.register("after_create_page")
def put_new_lesson_before_the_closing_quiz(request, page):
    if isinstance(page.specific, LessonPage) and isinstance(
        page.get_parent().specific, CoursePage
    ):
        authoring.place_new_lesson(lesson=page.specific, user=request.user)


@hooks.register("after_create_page", order=50)
@hooks.register("after_edit_page", order=50)
def offer_next_steps(request, page):
    """A lesson or quiz she has saved offers what comes next: another lesson,
    the course's next step, and publishing the course with its steps. Not on
    an autosave (a request for JSON, as Wagtail tells them apart), which would
    pile the message up for her next page."""
    if not request.accepts("text/html"):
        return
    shortcuts = authoring.next_steps(step=page)
    if not shortcuts:
        return
    wagtail_messages.info(
        request,
        _("What next?"),
        buttons=[wagtail_messages.button(url, label) for label, url in shortcuts],
    )


# Publish a course with its lessons and quizzes ---------------------------------

LABEL = gettext_lazy("Publish course with its lessons and quizzes")


def _publish_course_url(page) -> str:
    return reverse("courses_admin:publish_course", args=[page.pk])


@hooks.register("register_admin_urls")
def register_course_admin_urls():
    urls = [
        path(
            "<id:course_id>/publish/",
            admin_views.publish_course,
            name="publish_course",
        )
    ]
    return [
        path("courses/", include((urls, "courses_admin"), namespace="courses_admin"))
    ]


class PublishCourseMenuItem(ActionMenuItem):
    """In the course editor's action menu, beside Publish."""

    label = LABEL
    name = "action-publish-course"
    icon_name = "upload"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, CoursePage)
            and not context["locked_for_user"]
            and admin_views.may_publish_course(page, context["request"].user)
        )

    def get_url(self, parent_context):
        return _publish_course_url(parent_context["page"])


@hooks.register("register_page_action_menu_item")
def publish_course_menu_item():
    return PublishCourseMenuItem(order=35)


class PublishCourseButton(PageMenuItem):
    """In the page explorer: the course's header and its row's "More" menu."""

    label = LABEL
    icon_name = "upload"

    def is_shown(self, user):
        return issubclass(
            self.page.specific_class or type(self.page), CoursePage
        ) and admin_views.may_publish_course(self.page, user)

    @property
    def url(self):
        return _publish_course_url(self.page)


@hooks.register("register_page_listing_more_buttons")
def publish_course_listing_button(page, user, next_url=None):
    yield PublishCourseButton(page=page, priority=35)


@hooks.register("register_page_header_buttons")
def publish_course_header_button(page, user, view_name, next_url=None):
    yield PublishCourseButton(page=page, priority=55)


@hooks.register("before_bulk_action")
def no_empty_course_in_bulk(request, action_type, objects, action):
    """The explorer's bulk Publish must not put a course live with no live
    lesson or quiz (unless its drafts are published with it)."""
    if not isinstance(action, PublishBulkAction):
        return None
    with_drafts = bool(
        getattr(action, "cleaned_form", None)
        and action.cleaned_form.cleaned_data.get("include_descendants")
    )
    chosen = {page.pk for page in objects}
    for page in objects:
        if not issubclass(page.specific_class or type(page), CoursePage):
            continue
        drafts = (
            [child.pk for child in page.get_children().not_live()]
            if with_drafts
            else list(chosen)
        )
        if not publishing.has_live_step(page, publishing=drafts):
            messages.error(
                request,
                _("“%(title)s”: %(problem)s")
                % {"title": page.title, "problem": publishing.EMPTY_COURSE},
            )
            return redirect(action.next_url)
    return None


@hooks.register("before_unpublish_page")
def keep_a_live_course_from_emptying(request, page):
    """Unpublishing a live course's last live step would leave it empty."""
    course = page.get_parent()
    if not (
        page.live
        and course is not None
        and course.live
        and issubclass(course.specific_class or type(course), CoursePage)
    ):
        return None
    if publishing.has_live_step(course, excluding=[page.pk]):
        return None
    messages.error(
        request,
        _("“%(title)s”: %(problem)s")
        % {"title": page.title, "problem": publishing.LAST_STEP},
    )
    return redirect("wagtailadmin_explore", course.pk)


@hooks.register("before_bulk_action")
def no_course_emptied_in_bulk(request, action_type, objects, action):
    """The explorer's bulk Unpublish must not take every live step of a live
    course offline and leave the course live."""
    if not isinstance(action, UnpublishBulkAction):
        return None
    chosen = [page.pk for page in objects]
    parents = {page.get_parent() for page in objects if page.live}
    for course in parents:
        if (
            course is None
            or not course.live
            or course.pk in chosen
            or not issubclass(course.specific_class or type(course), CoursePage)
        ):
            continue
        if not publishing.has_live_step(course, excluding=chosen):
            messages.error(
                request,
                _("“%(title)s”: %(problem)s")
                % {"title": course.title, "problem": publishing.LAST_STEP},
            )
            return redirect(action.next_url)
    return None
