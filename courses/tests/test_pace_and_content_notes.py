"""Content notes with choice, the alternative route, and taking a break."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import BreakPoint, ContentNoteTopic, Enrolment, LessonPage
from quizzes import services as quiz_services
from quizzes.models import Response
from quizzes.tests.factories import make_quiz, right_answer, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return ContentNoteTopic.objects.get(name="Sexual violence")


@pytest.fixture
def noted_lesson(course, topic):
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    lesson.content_topics.add(topic)
    lesson.body = [("rich_text", "<p>THE DISTRESSING MATERIAL</p>")]
    lesson.alternative_summary = "<p>A calm summary of the lesson.</p>"
    lesson.alternative_task = "Write down one thing you would do differently."
    lesson.save()
    return lesson


@pytest.fixture
def enrolled(learner, course):
    services.enrol(user=learner, course=course)
    return learner


def test_a_starting_list_of_topics_is_there_for_trainers(trainer):
    assert ContentNoteTopic.objects.filter(name="Self-harm").exists()
    assert trainer.has_perm("courses.add_contentnotetopic")


def test_a_tagged_lesson_names_its_topics_before_any_material(
    client, enrolled, noted_lesson
):
    client.force_login(enrolled)
    content = client.get(noted_lesson.url).content.decode()
    assert "What's ahead" in content
    assert "Sexual violence" in content
    assert "THE DISTRESSING MATERIAL" not in content
    assert "Take the alternative route" in content
    assert "Come back later" in content
    shown = client.get(noted_lesson.url, {"view": "lesson"}).content.decode()
    assert "THE DISTRESSING MATERIAL" in shown


def test_the_alternative_route_completes_the_lesson_and_reports_nothing(
    client, enrolled, noted_lesson
):
    client.force_login(enrolled)
    content = client.get(noted_lesson.url, {"view": "alternative"}).content.decode()
    assert "A calm summary of the lesson." in content
    assert "Write down one thing you would do differently." in content
    assert "THE DISTRESSING MATERIAL" not in content
    client.post(reverse("courses:complete_lesson", args=[noted_lesson.pk]))
    assert enrolled.step_progress.filter(step=noted_lesson).exists()
    # Nothing anywhere records which route she took.
    progress = enrolled.step_progress.get(step=noted_lesson)
    assert {f.name for f in progress._meta.fields} == {
        "id",
        "user",
        "course",
        "step",
        "completed_at",
    }


def test_without_an_alternative_the_choice_is_not_offered(
    client, enrolled, noted_lesson
):
    noted_lesson.alternative_summary = ""
    noted_lesson.alternative_task = ""
    noted_lesson.save()
    client.force_login(enrolled)
    content = client.get(noted_lesson.url).content.decode()
    assert "alternative route" not in content
    fallback = client.get(noted_lesson.url, {"view": "alternative"}).content.decode()
    assert "What's ahead" in fallback


def test_the_catalogue_and_course_page_name_the_topics_before_she_enrols(
    client, catalogue, course, noted_lesson
):
    catalogue_page = client.get(catalogue.url).content.decode()
    assert "Content notes: Sexual violence" in catalogue_page
    course_page = client.get(course.url).content.decode()
    assert "Sexual violence" in course_page
    assert "Descriptions of rape" in course_page


def test_coming_back_later_keeps_her_place_and_welcomes_her_back(
    client, enrolled, course, noted_lesson
):
    client.force_login(enrolled)
    response = client.post(reverse("courses:take_break", args=[noted_lesson.pk]))
    assert response.url == reverse("courses:on_break", args=[course.pk])
    assert "Your place is saved" in client.get(response.url).content.decode()
    assert "Pick up where you left off" in client.get(course.url).content.decode()
    resumed = client.get(reverse("courses:resume", args=[course.pk]))
    assert resumed.url == f"{noted_lesson.url}?from=break"
    content = client.get(resumed.url).content.decode()
    assert "Welcome back" in content
    # Reading a page changes nothing: the break ends with her next step.
    assert BreakPoint.objects.exists()
    assert "Welcome back" not in client.get(noted_lesson.url).content.decode()
    client.post(reverse("courses:complete_lesson", args=[noted_lesson.pk]))
    assert not BreakPoint.objects.exists()


def test_only_enrolled_learners_take_breaks_and_only_on_course_pages(
    client, learner, other_learner, course, noted_lesson, home
):
    client.force_login(learner)
    response = client.post(
        reverse("courses:take_break", args=[noted_lesson.pk]), follow=True
    )
    assert "Enrol in this course first" in response.content.decode()
    assert not BreakPoint.objects.exists()
    assert client.post(reverse("courses:take_break", args=[home.pk])).status_code == 404
    assert (
        client.get(reverse("courses:take_break", args=[noted_lesson.pk])).status_code
        == 405
    )
    services.enrol(user=learner, course=course)
    client.post(reverse("courses:take_break", args=[noted_lesson.pk]))
    client.force_login(other_learner)
    assert client.get(reverse("courses:on_break", args=[course.pk])).status_code == 404


def test_a_break_mid_quiz_keeps_her_answers(client, enrolled, course):
    quiz = make_quiz(
        course=course, questions=[single(), single()], layout="one_per_page"
    )
    attempt = quiz_services.start_attempt(user=enrolled, quiz=quiz)
    first = attempt.questions[0]
    client.force_login(enrolled)
    response = client.post(
        reverse("quizzes:take", args=[attempt.pk]) + "?q=1",
        {first["key"]: right_answer(first)[0], "action": "break"},
    )
    assert response.url == reverse("courses:on_break", args=[course.pk])
    assert Response.objects.get(attempt=attempt, question_key=first["key"]).answer
    resumed = client.get(reverse("courses:resume", args=[course.pk])).url
    assert resumed == f"{quiz.url}?from=break"
    content = client.get(resumed).content.decode()
    assert "Welcome back" in content
    assert "Your answers so far are saved" in content


def test_an_untimed_quiz_says_so_before_it_starts(client, enrolled, course):
    quiz = make_quiz(course=course, questions=[single()])
    client.force_login(enrolled)
    assert "No time limit" in client.get(quiz.url).content.decode()
    assert Enrolment.objects.filter(user=enrolled).exists()


def test_an_alternative_route_with_only_a_task_has_no_empty_summary(
    client, enrolled, noted_lesson
):
    noted_lesson.alternative_summary = ""
    noted_lesson.save()
    client.force_login(enrolled)
    content = client.get(noted_lesson.url, {"view": "alternative"}).content.decode()
    assert "Write down one thing you would do differently." in content
    assert "Reflection task" in content
    assert "<h2>Summary</h2>" not in content

    noted_lesson.alternative_summary = "<p>A calm summary of the lesson.</p>"
    noted_lesson.save()
    content = client.get(noted_lesson.url, {"view": "alternative"}).content.decode()
    assert "<h2>Summary</h2>" in content
    assert "A calm summary of the lesson." in content
