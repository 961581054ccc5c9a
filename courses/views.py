from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from . import selectors, services
from .models import CoursePage, CourseStepMixin, LessonPage


def _visible_course(request, course_id: int) -> CoursePage:
    return get_object_or_404(
        selectors.visible_to_learners(CoursePage.objects.all(), request=request),
        pk=course_id,
    )


@require_POST
def enrol(request, course_id: int):
    course = _visible_course(request, course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    _enrolment, created = services.enrol(user=request.user, course=course)
    if created:
        messages.success(
            request, _("You are enrolled in “%(title)s”.") % {"title": course.title}
        )
    else:
        messages.info(
            request,
            _("You were already enrolled in “%(title)s”.") % {"title": course.title},
        )
    return redirect("courses:resume", course_id=course.pk)


@require_GET
@login_required
def resume(request, course_id: int):
    course = _visible_course(request, course_id)
    outline = selectors.course_outline(user=request.user, course=course)
    stopped_at = selectors.break_point(user=request.user, course=course)
    if (
        outline.enrolment
        and stopped_at
        and selectors.is_visible(stopped_at.page, request=request)
    ):
        return redirect(f"{stopped_at.page.url}?from=break")
    if outline.enrolment and outline.resume_page:
        return redirect(outline.resume_page.url)
    return redirect(course.url)


@require_POST
@login_required
def complete_lesson(request, lesson_id: int):
    lesson = get_object_or_404(
        selectors.visible_to_learners(LessonPage.objects.all(), request=request),
        pk=lesson_id,
    )
    course = lesson.course
    try:
        result = services.complete_lesson(user=request.user, lesson=lesson)
    except services.CourseUnavailable as error:
        raise Http404(error.message) from error
    except services.NotEnrolled as error:
        messages.error(request, error.message)
        return redirect(course.url)
    return after_lesson_completed(request, lesson=lesson, completion=result)


def after_lesson_completed(request, *, lesson: LessonPage, completion):
    """Where she goes once a lesson is marked complete (here, or with her
    writing by reflections): the course page, congratulated, if that finished
    the course; else the next lesson, or the course page after the last."""
    course = lesson.course
    if completion.course_completed_now:
        messages.success(
            request,
            _("Well done: you have completed “%(title)s”.") % {"title": course.title},
        )
        return redirect(course.url)
    nav = selectors.lesson_navigation(user=request.user, lesson=lesson, done=True)
    return redirect(nav.next.url if nav.next else course.url)


@require_POST
@login_required
def restart(request, course_id: int):
    course = _visible_course(request, course_id)
    try:
        services.restart_course(user=request.user, course=course)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    messages.success(
        request,
        _(
            "You have started “%(title)s” again. Your certificate stays in "
            "My certificates until the new one replaces it."
        )
        % {"title": course.title},
    )
    return redirect("courses:resume", course_id=course.pk)


@require_POST
@login_required
def take_break(request, page_id: int):
    """Save her place in a lesson or quiz and show that it is saved."""
    page = get_object_or_404(
        selectors.visible_to_learners(Page.objects.all(), request=request),
        pk=page_id,
    ).specific
    if not isinstance(page, CourseStepMixin):
        raise Http404
    try:
        services.take_break(user=request.user, page=page)
    except services.LearningError as error:
        messages.error(request, error.message)
        return redirect(page.course.url)
    return redirect("courses:on_break", course_id=page.course.pk)


@require_GET
@login_required
def on_break(request, course_id: int):
    course = _visible_course(request, course_id)
    stopped_at = selectors.break_point(user=request.user, course=course)
    if stopped_at is None:
        raise Http404
    return render(
        request,
        "courses/on_break.html",
        {"course": course, "stopped_at": stopped_at},
    )


@require_GET
@login_required
def my_learning(request):
    courses = selectors.learner_courses(user=request.user)
    return render(
        request,
        "courses/my_learning.html",
        {
            "in_progress": [c for c in courses if not c.enrolment.is_complete],
            "completed": [c for c in courses if c.enrolment.is_complete],
        },
    )
