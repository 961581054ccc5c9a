"""The page editor's forms explain themselves: topics as checkboxes with their
descriptions, a quiz's "Quiz rules" tab, help text on every field saying what
learners see, and no slug clash with a draft nobody published."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import (
    ContentNoteTopic,
    CourseIndexPage,
    CoursePage,
    LessonPage,
)
from courses.tests.factories import CoursePageFactory, LessonPageFactory
from courses.tests.test_authoring import course_form, draft
from quizzes.models import QuizPage
from quizzes.tests.factories import QuizPageFactory

pytestmark = pytest.mark.django_db


def add_course_url(catalogue):
    return reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]
    )


# A draft nobody published never blocks a title ---------------------------------


def test_a_never_published_draft_does_not_block_the_same_title(
    trainer_client, catalogue
):
    abandoned = draft(CoursePageFactory(parent=catalogue, title="Working with women"))
    assert abandoned.slug == "working-with-women"

    response = trainer_client.post(add_course_url(catalogue), course_form())

    assert response.status_code == 302
    new = CoursePage.objects.exclude(pk=abandoned.pk).get(title="Working with women")
    assert new.slug == "working-with-women-2"
    assert CoursePage.objects.get(pk=abandoned.pk).slug == "working-with-women"


def test_the_next_free_slug_is_taken_when_several_drafts_were_left(
    trainer_client, course
):
    for _ in range(2):  # "Lesson 1" twice: lesson-1 and lesson-1-2
        page = LessonPage(title="Lesson 1", live=False, has_unpublished_changes=True)
        course.add_child(instance=page)
    lesson = LessonPage.objects.child_of(course).live().first()
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    data = nested_form_data(
        {
            "title": "Lesson 1",
            "slug": "lesson-1",
            "intro": "",
            "estimated_minutes": 10,
            "body": streamfield([("rich_text", rich_text("<p>Hi</p>"))]),
            "alternative_summary": rich_text(""),
            "alternative_task": "",
        }
    )

    response = trainer_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    saved = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    assert saved.slug == "lesson-1-3"


def test_a_page_that_is_or_was_published_still_blocks_its_slug(
    trainer_client, catalogue
):
    CoursePageFactory(parent=catalogue, title="Working with women")

    response = trainer_client.post(add_course_url(catalogue), course_form())

    assert response.status_code == 200
    assert "The slug &#x27;working-with-women&#x27; is already in use" in (
        response.content.decode()
    )
    assert CoursePage.objects.filter(title="Working with women").count() == 1


def test_a_quiz_takes_a_free_slug_too(trainer_client, course):
    draft(QuizPageFactory(parent=course, title="Check", slug="check"))
    add = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    from quizzes.tests.test_more_views import _form_data

    response = trainer_client.post(add, _form_data(None, title="Check", slug="check"))

    assert response.status_code == 302
    assert QuizPage.objects.filter(slug="check-2").exists()


# Topics as checkboxes with their descriptions ---------------------------------


def test_content_note_topics_are_checkboxes_with_their_descriptions(
    trainer_client, course
):
    topic = ContentNoteTopic.objects.create(
        name="Coercive control (test)", description="Accounts of abuse by a partner."
    )
    lesson = LessonPage.objects.child_of(course).first()

    for page in (course, lesson):
        html = trainer_client.get(
            reverse("wagtailadmin_pages:edit", args=[page.pk])
        ).content.decode()
        box = re.search(
            rf'<input type="checkbox" name="content_topics" value="{topic.pk}"'
            r"[^>]*>\s*Coercive control \(test\)</label>",
            html,
        )
        assert box
        box_id = re.search(r'id="([^"]+)"', box.group()).group(1)
        assert f'aria-describedby="{box_id}-about"' in box.group()
        assert (
            f'<p class="help topic-option__about" id="{box_id}-about">'
            "Accounts of abuse by a partner.</p>"
        ) in html
        assert '<select name="content_topics"' not in html


# The quiz's tab -----------------------------------------------------------------


def test_the_quiz_settings_tab_is_called_quiz_rules(trainer_client, course):
    quiz = QuizPageFactory(parent=course, title="Check")

    html = trainer_client.get(
        reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    ).content.decode()

    assert 'id="tab-label-quiz_rules"' in html
    assert 'id="tab-label-settings"' not in html
    assert "Pass mark (%)" in html  # the quiz rules are still there
    assert 'id="tab-label-content"' in html
    assert 'id="tab-label-promote"' in html


def test_the_quiz_editor_keeps_its_own_checks(trainer_client, course):
    """The quiz form still refuses a quiz with no questions on publishing."""
    from quizzes.tests.test_more_views import _form_data

    add = reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    response = trainer_client.post(add, _form_data(None, **{"action-publish": "1"}))

    assert "Add at least one question or draw before publishing" in (
        response.content.decode()
    )


# Help text on every field -------------------------------------------------------


@pytest.mark.parametrize("model", [CourseIndexPage, CoursePage, LessonPage, QuizPage])
def test_every_field_a_trainer_fills_in_says_what_learners_see(model):
    own = {field.name for field in Page._meta.get_fields()}
    fields = [
        field
        for field in model._meta.get_fields()
        if field.name not in own
        and getattr(field, "editable", False)
        and not field.auto_created
        and not getattr(field, "primary_key", False)
    ]
    assert fields
    missing = [field.name for field in fields if not str(field.help_text).strip()]
    assert missing == []
    for field in fields:
        text = str(field.help_text)
        assert "she enrols" not in text  # learners, in plain words
        assert "Settings" not in text


def test_help_text_is_shown_in_the_editor(trainer_client, course):
    html = trainer_client.get(
        reverse("wagtailadmin_pages:edit", args=[course.pk])
    ).content.decode()

    assert "Shown to learners under the title on the course page" in html
    lesson = LessonPageFactory(parent=course, title="Another")
    html = trainer_client.get(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    ).content.decode()
    assert "Shown to learners under the lesson&#x27;s title" in html
