"""Every learner page within its query budget, the manager's dashboard too, on
the demo content: what bench/pages.py measures, held by the suite. Times are
measured there, never asserted here.

The first request fills the caches a page reads (headers, content-note topics,
the manager's scope); the budget is for every request after it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from courses import services as course_services
from courses.models import CourseIndexPage, CoursePage, LessonPage
from quizzes.models import QuizPage

pytestmark = pytest.mark.django_db

LEARNER_BUDGET = 12
DASHBOARD_BUDGET = 8


@pytest.fixture
def demo(client):
    call_command("seed_demo", stdout=None)
    User = get_user_model()
    learner = User.objects.get(email="learner@kairos.test")
    course = CoursePage.objects.live().order_by("path").first()
    course_services.enrol(user=learner, course=course)
    return {
        "learner": learner,
        "manager": User.objects.get(email="manager@kairos.test"),
        "course": course,
    }


def _pages(course):
    return {
        "catalogue": CourseIndexPage.objects.live().first().url,
        "course": course.url,
        "lesson": LessonPage.objects.live().child_of(course).first().url,
        "quiz": QuizPage.objects.live().child_of(course).first().url,
        "my learning": reverse("courses:my_learning"),
    }


@pytest.mark.parametrize(
    "page", ["catalogue", "course", "lesson", "quiz", "my learning"]
)
def test_learner_pages_keep_their_query_budget(
    client, demo, page, django_assert_max_num_queries
):
    client.force_login(demo["learner"])
    url = _pages(demo["course"])[page]
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LEARNER_BUDGET):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("query", ["", "?status=overdue", "?status=completed&page=1"])
def test_the_dashboard_keeps_its_query_budget(
    client, demo, query, django_assert_max_num_queries
):
    client.force_login(demo["manager"])
    url = reverse("agencies:dashboard") + query
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert "Amira Hussain" in response.content.decode() or query
