"""One rule for what learners may reach (`courses.selectors.visible_to_learners`):
a page and every page above it live, and no view restriction closed to her."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.models import Page, PageViewRestriction

from courses import selectors, services
from courses.models import BreakPoint, LessonPage, StepProgress
from courses.tests.factories import make_course

pytestmark = pytest.mark.django_db

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def _request(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request


def _lesson(course) -> LessonPage:
    return LessonPage.objects.child_of(course).first()


@pytest.fixture
def hidden_course(catalogue, learner):
    """A course she enrolled in, then unpublished: its lessons are still live."""
    course = make_course(catalogue=catalogue, lessons=2, title="Withdrawn course")
    services.enrol(user=learner, course=course)
    course.unpublish()
    return course


def test_a_live_page_under_an_unpublished_page_is_not_visible(course, hidden_course):
    visible = selectors.visible_to_learners(LessonPage.objects.all())

    assert set(visible) == set(LessonPage.objects.child_of(course))
    assert _lesson(hidden_course).live  # Wagtail leaves the children live
    assert not selectors.is_visible(_lesson(hidden_course))
    assert selectors.is_visible(_lesson(course))


def test_a_draft_page_is_not_visible(course):
    lesson = _lesson(course)
    lesson.unpublish()

    assert not selectors.is_visible(lesson)


def test_an_unpublished_catalogue_hides_every_course_beneath_it(catalogue, course):
    catalogue.unpublish()

    assert not selectors.is_visible(course)
    assert not selectors.is_visible(_lesson(course))
    assert selectors.featured_courses() == []


def test_a_restricted_section_is_visible_only_to_whom_it_admits(course, learner):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    lesson = _lesson(course)

    assert not selectors.is_visible(lesson)  # no request: nobody is admitted
    assert not selectors.is_visible(lesson, request=_request())
    assert selectors.is_visible(lesson, request=_request(learner))
    assert selectors.is_visible(lesson.get_parent(), request=_request(learner))


def test_a_password_is_asked_for_once_per_session(course, learner):
    restriction = PageViewRestriction.objects.create(
        page=course,
        restriction_type=PageViewRestriction.PASSWORD,
        password="a-shared-password",
    )
    request = _request(learner)
    assert not selectors.is_visible(course, request=request)

    restriction.mark_as_passed(request)

    assert selectors.is_visible(course, request=request)


def test_the_rule_applies_to_any_page_queryset(course, hidden_course):
    visible = set(selectors.visible_to_learners(Page.objects.all()))

    assert course.page_ptr in visible
    assert hidden_course.page_ptr not in visible
    assert not visible & set(Page.objects.descendant_of(hidden_course))


# Her URLs ------------------------------------------------------------------------


def test_a_lesson_of_an_unpublished_course_cannot_be_read(
    learner_client, hidden_course
):
    lesson = _lesson(hidden_course)

    assert learner_client.get(lesson.url).status_code == 404


def test_a_lesson_under_an_unpublished_catalogue_cannot_be_read(
    learner_client, learner, catalogue, course
):
    services.enrol(user=learner, course=course)
    lesson = _lesson(course)
    url = lesson.url
    catalogue.unpublish()

    assert learner_client.get(url).status_code == 404


def test_she_cannot_take_a_break_in_an_unpublished_course(
    learner_client, learner, hidden_course
):
    lesson = _lesson(hidden_course)

    response = learner_client.post(reverse("courses:take_break", args=[lesson.pk]))

    assert response.status_code == 404
    assert not BreakPoint.objects.filter(user=learner).exists()


def test_she_cannot_complete_a_lesson_of_an_unpublished_course(
    learner_client, learner, hidden_course
):
    lesson = _lesson(hidden_course)

    response = learner_client.post(reverse("courses:complete_lesson", args=[lesson.pk]))

    assert response.status_code == 404
    assert not StepProgress.objects.filter(user=learner).exists()


def test_course_urls_of_a_course_under_an_unpublished_catalogue_are_not_found(
    learner_client, learner, catalogue, course
):
    services.enrol(user=learner, course=course)
    catalogue.unpublish()

    for name in ("courses:resume", "courses:on_break"):
        assert learner_client.get(reverse(name, args=[course.pk])).status_code == 404
    assert (
        learner_client.post(reverse("courses:restart", args=[course.pk])).status_code
        == 404
    )


def test_catalogue_search_shows_only_visible_courses(client, catalogue):
    make_course(catalogue=catalogue, title="Release day support")
    hidden = make_course(catalogue=catalogue, title="Release planning withdrawn")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get(catalogue.url, {"q": "release"})

    assertContains(response, "Release day support")
    assertNotContains(response, "Release planning withdrawn")
