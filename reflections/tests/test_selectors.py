import json

import pytest

from courses import services as course_services
from courses.tests.factories import make_course
from reflections import selectors, services

from .conftest import (
    HER_CHECK_IN_NOTE,
    HER_NOTE,
    PROMPTS,
    lesson_with_prompts,
    prompt_ids,
)

pytestmark = pytest.mark.django_db


def test_prompts_in_lesson_are_only_the_lessons_own_prompts_in_order(lesson):
    prompts = selectors.prompts_in_lesson(lesson=lesson)
    assert list(prompts) == prompt_ids(lesson)
    assert list(prompts.values()) == PROMPTS[:2]
    text_block = next(b for b in lesson.body if b.block_type == "rich_text")
    assert text_block.id not in prompts


def test_her_notes_are_grouped_by_course_then_lesson_in_catalogue_order(
    enrolled, course, catalogue, lesson, django_assert_num_queries
):
    later = lesson_with_prompts(course, 1, title="Closing the session")
    other_course = make_course(catalogue=catalogue, lessons=0, title="Court days")
    other_lesson = lesson_with_prompts(other_course, 1, title="Waiting rooms")
    course_services.enrol(user=enrolled, course=other_course)
    for page, text in [
        (other_lesson, "Court note"),
        (later, "Closing note"),
        (lesson, "Second prompt note"),
    ]:
        for block_id in prompt_ids(page)[-1:]:
            services.save_reflection(
                user=enrolled, lesson=page, block_id=block_id, prompt="P", text=text
            )
    services.save_check_in(user=enrolled, lesson=later, feeling="okay")

    with django_assert_num_queries(3):
        groups = selectors.reflections_by_course(user=enrolled)

    assert [group.title for group in groups] == [course.title, "Court days"]
    assert [notes.lesson.title for notes in groups[0].lessons] == [
        "Listening first",
        "Closing the session",
    ]
    assert [r.text for r in groups[0].lessons[0].reflections] == ["Second prompt note"]
    assert groups[0].lessons[1].check_in.feeling == "okay"
    assert [r.text for r in groups[1].lessons[0].reflections] == ["Court note"]


def test_nobody_else_is_given_her_notes(her_note, her_check_in, other_learner):
    assert selectors.reflections_by_course(user=other_learner) == []
    assert not selectors.her_reflections(user=other_learner).exists()
    assert not selectors.her_check_ins(user=other_learner).exists()
    assert selectors.notes_for_lesson(user=other_learner, lesson=her_note.lesson) == {}


def test_export_for_her_is_plain_json_with_everything_she_wrote(
    her_note, her_check_in, other_learner, course
):
    data = selectors.export_for(her_note.user)

    assert json.loads(json.dumps(data)) == data
    [group] = data["private_reflections"]
    assert group["course"] == course.title
    [lesson] = group["lessons"]
    assert lesson["lesson"] == "Listening first"
    assert lesson["reflections"][0]["prompt"] == PROMPTS[0]
    assert lesson["reflections"][0]["note"] == HER_NOTE
    assert lesson["check_in"]["feeling"] == "unsettled"
    assert lesson["check_in"]["feeling_label"] == "A bit unsettled"
    assert lesson["check_in"]["note"] == HER_CHECK_IN_NOTE
    assert selectors.export_for(other_learner) == {
        "private_reflections": [],
        "unsaved_drafts": [],
    }
