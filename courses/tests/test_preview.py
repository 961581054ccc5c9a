"""A trainer's preview shows a draft as learners will see it once published:
counted among the course's draft steps, with its "What's ahead" panel, its
content notes and a quiz's intro; and it changes nothing learners see."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from courses import selectors, services
from courses.models import ContentNoteTopic, LessonPage
from courses.tests.factories import CoursePageFactory, LessonPageFactory
from courses.tests.previews import edited_preview, lesson_changes
from quizzes.tests.factories import make_quiz, single

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return ContentNoteTopic.objects.get(name="Sexual violence")


@pytest.fixture
def draft_course(catalogue):
    """A course never published, with two draft lessons."""
    course = CoursePageFactory(parent=catalogue, title="Working with women", live=False)
    for number in (1, 2):
        LessonPageFactory(parent=course, title=f"Draft lesson {number}", live=False)
    return course


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_draft_lesson_of_a_draft_course_is_numbered_among_its_drafts(
    trainer_client, draft_course, topic
):
    second = LessonPage.objects.child_of(draft_course).order_by("path").last()

    response = edited_preview(
        trainer_client,
        second,
        lesson_changes(
            title="Release day",
            content_topics=[str(topic.pk)],
            alternative_task="Write one thing you would do.",
        ),
    )

    assert response.status_code == 200
    content = text(response)
    assert "Lesson 2 of 2" in content
    assert "Lesson 1 of 0" not in content
    assert "Release day" in content
    assert "UNSAVED WORDS" in content
    # Every part a learner may meet, in her order: the note, the lesson, the
    # alternative route.
    assert "What's ahead" in content
    assert "Sexual violence" in content
    assert content.index("What's ahead") < content.index("UNSAVED WORDS")
    assert content.index("UNSAVED WORDS") < content.index("Write one thing you")
    assert "Previous: Draft lesson 1" in content
    # No control that would write from inside the preview.
    assert "Come back later" not in content
    assert "Mark complete" not in content.replace("“Mark complete and continue”", "")


def test_a_new_lesson_is_previewed_where_it_will_be_added(trainer_client, course):
    url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["courses", "lessonpage", course.pk]
    )
    add = trainer_client.get(
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
    )
    data = querydict_from_html(add.content.decode(), form_id="page-edit-form")
    data.update(lesson_changes(title="A fourth lesson"))

    assert trainer_client.post(url, data).json()["is_valid"]
    content = text(trainer_client.get(url))

    assert "Lesson 4 of 4" in content
    assert "A fourth lesson" in content


def test_a_preview_writes_nothing_and_learners_see_only_published_steps(
    trainer_client, client, learner, course
):
    draft = LessonPageFactory(parent=course, title="Not yet", live=False)
    services.enrol(user=learner, course=course)
    first = LessonPage.objects.child_of(course).order_by("path").first()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    edited_preview(trainer_client, draft, lesson_changes())

    with CaptureQueriesContext(connection) as queries:
        response = trainer_client.get(url)

    assert "Lesson 4 of 4" in text(response)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    client.force_login(learner)
    assert "Lesson 1 of 3" in text(client.get(first.url))
    assert [s.title for s in selectors.course_steps(course=course)] == [
        f"{course.title} lesson {n}" for n in (1, 2, 3)
    ]


def test_a_draft_course_preview_lists_its_draft_lessons_and_their_notes(
    trainer_client, draft_course, topic
):
    first = LessonPage.objects.child_of(draft_course).order_by("path").first()
    first.content_topics.add(topic)
    first.save()
    self_harm = ContentNoteTopic.objects.get(name="Self-harm")

    response = edited_preview(
        trainer_client,
        draft_course,
        {
            "summary": "AN UNSAVED SUMMARY",
            "content_topics": [str(self_harm.pk)],
            "learning_outcomes-count": "0",
        },
    )

    content = text(response)
    assert "AN UNSAVED SUMMARY" in content
    assert "Draft lesson 1" in content
    assert "Draft lesson 2" in content
    assert "Lessons for this course are being written" not in content
    assert "Sexual violence" in content  # a draft lesson's
    assert "Self-harm" in content  # the course's, as edited
    assert "Learners see an “Enrol in this course” button here" in content
    assert 'action="/courses/' not in content  # no enrol form to post


def test_a_draft_quiz_preview_shows_its_intro_and_its_questions(trainer_client, course):
    quiz = make_quiz(course=course, questions=[single(text="Who decides?")], live=False)
    second = single(text="What helps?")

    response = edited_preview(
        trainer_client,
        quiz,
        {
            "intro": "AN UNSAVED INTRO",
            "quiz_questions-TOTAL_FORMS": "2",
            "quiz_questions-1-id": "",
            "quiz_questions-1-ORDER": "2",
            "quiz_questions-1-DELETE": "",
            "quiz_questions-1-question": str(second.pk),
        },
    )

    content = text(response)
    assert "AN UNSAVED INTRO" in content
    assert "Who decides?" in content
    assert "What helps?" in content
    assert "<dt>Questions</dt><dd>2</dd>" in content.replace("> <", "><")
