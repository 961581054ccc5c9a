"""The catalogue tells her where she stands in each course, from the learning
record: enrolled, completed, expiring (renew), expired (renew)."""

import datetime
import re

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrolment
from courses.tests.factories import complete_course, make_course

pytestmark = pytest.mark.django_db


def cards(client, catalogue) -> dict[str, str]:
    """Each course card's text (tags stripped, spaces collapsed), by course title."""
    html = client.get(catalogue.url).content.decode()
    found = {}
    for card in re.findall(r'<article class="card">(.*?)</article>', html, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
        title = re.search(r'class="card__title"><a [^>]*>([^<]+)</a>', card).group(1)
        found[title] = text
    return found


def completed_days_ago(user, course, days):
    moment = timezone.now() - datetime.timedelta(days=days)
    Enrolment.objects.filter(user=user, course=course).update(
        enrolled_at=moment, completed_at=moment
    )


@pytest.fixture
def courses(catalogue):
    titles = ["Not started", "Under way", "Done", "Due for renewal", "Lapsed"]
    made = {
        title: make_course(catalogue=catalogue, lessons=1, title=title)
        for title in titles
    }
    for course in made.values():
        course.validity_months = 12
        course.save()
    return made


def test_each_card_says_where_she_stands(client, learner, catalogue, courses):
    services.enrol(user=learner, course=courses["Under way"])
    complete_course(user=learner, course=courses["Done"])
    complete_course(user=learner, course=courses["Due for renewal"])
    completed_days_ago(learner, courses["Due for renewal"], 330)
    complete_course(user=learner, course=courses["Lapsed"])
    completed_days_ago(learner, courses["Lapsed"], 400)
    client.force_login(learner)

    found = cards(client, catalogue)

    status = re.compile(r"\b(Enrolled|Completed|Expired|Expires on|Renew)\b")
    assert status.findall(found["Not started"]) == []
    assert status.findall(found["Under way"]) == ["Enrolled"]
    assert status.findall(found["Done"]) == ["Completed"]
    assert status.findall(found["Due for renewal"]) == [
        "Completed",
        "Expires on",
        "Renew",
    ]
    assert status.findall(found["Lapsed"]) == ["Expired", "Renew"]


def test_a_course_she_renews_shows_enrolled_again(client, learner, catalogue, courses):
    course = courses["Lapsed"]
    complete_course(user=learner, course=course)
    completed_days_ago(learner, course, 400)
    services.restart_course(user=learner, course=course)
    client.force_login(learner)

    assert "Enrolled" in cards(client, catalogue)["Lapsed"]


def test_she_sees_only_her_own_standing(
    client, learner, other_learner, catalogue, courses
):
    complete_course(user=other_learner, course=courses["Done"])
    client.force_login(learner)
    assert "Completed" not in cards(client, catalogue)["Done"]
    client.logout()
    assert "Completed" not in cards(client, catalogue)["Done"]


def test_the_statuses_cost_one_query_whatever_the_number_of_courses(
    client, learner, catalogue, courses, django_assert_max_num_queries
):
    for course in courses.values():
        complete_course(user=learner, course=course)
    client.force_login(learner)
    client.get(catalogue.url)  # fills the caches the page reads
    # As many as before the statuses: her enrolments were already read.
    with django_assert_max_num_queries(9):
        client.get(catalogue.url)
