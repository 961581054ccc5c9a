"""WCAG 2.2 3.2.6 (consistent help): the Support link sits in the same place,
first in the header, on every page, error pages included."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from courses import services as course_services

pytestmark = pytest.mark.django_db

SUPPORT_LINK = '<a class="utility-bar__support" href="/support/"'


def link_targets(html: str) -> list[str]:
    """The page's links in source (and tab) order."""
    body = html[html.index("<body") :]
    return re.findall(r'<a\b[^>]*\bhref="([^"]*)"', body)


def assert_support_first_in_header(response):
    html = response.content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert header.count(SUPPORT_LINK) == 1
    assert link_targets(html)[:2] == ["#main", "/support/"], (
        "the skip link, then Support"
    )
    # Right after the header opens, before the brand and the main navigation.
    assert header.index(SUPPORT_LINK) < header.index("site-header__brand")
    assert header.index(SUPPORT_LINK) < header.index('aria-label="Main"')


def test_support_link_on_public_pages(client, course):
    lesson = course.get_children().first()
    for path in ["/", course.get_parent().url, course.url, "/quizzes/", "/support/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_support_first_in_header(response)
    # A lesson asks her to sign in first; the sign-in page has it too.
    response = client.get(lesson.url, follow=True)
    assert_support_first_in_header(response)


def test_support_link_for_a_learner_in_a_lesson_and_my_learning(
    learner_client, learner, course
):
    course_services.enrol(user=learner, course=course)
    lesson = course.get_children().first()
    for path in [lesson.url, reverse("courses:my_learning"), "/support/"]:
        response = learner_client.get(path)
        assert response.status_code == 200, path
        assert_support_first_in_header(response)


def test_support_link_on_the_agency_pages(client, manager, home):
    client.force_login(manager)
    for path in ["/agency/", "/agency/support/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_support_first_in_header(response)


def test_support_link_on_the_404_page(client, home):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assert_support_first_in_header(response)


def test_support_link_on_a_404_without_any_wagtail_site(client, db):
    from wagtail.models import Site

    Site.objects.all().delete()

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert_support_first_in_header(response)


def test_the_support_page_marks_its_own_link_as_current(client, home):
    response = client.get("/support/")

    assertContains(response, SUPPORT_LINK + ' aria-current="page">Support</a>')
    assert 'aria-current="page"' not in client.get("/").content.decode()
