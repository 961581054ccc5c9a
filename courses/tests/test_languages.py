"""Courses in Welsh: translations made with wagtail-localize, one learning
record across languages, and English shown in the Welsh site where a page is
not translated yet."""

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from courses import locales, selectors, services
from courses.models import CoursePage, Enrolment, LessonPage, StepProgress
from courses.translating import segments_of, translate

from .factories import make_course

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(selectors.live_lessons(course=course))


def welsh_words(instance, *, skip=()):
    """Stand-in Welsh for every segment: "[cy] " before the English."""
    return {text: f"[cy] {text}" for text in segments_of(instance) if text not in skip}


def translate_course(course, *, lessons=None):
    """The home page, catalogue, course and (some of) its lessons in Welsh."""
    catalogue = course.get_parent().specific
    home = catalogue.get_parent().specific
    for page in (home, catalogue, course):
        translate(page, "cy", welsh_words(page))
    for lesson in lessons if lessons is not None else lessons_of(course):
        translate(lesson, "cy", welsh_words(lesson))
    return course.get_translation(locales.locale_id("cy"))


def test_translating_a_course_creates_its_welsh_pages(course):
    welsh = translate_course(course)

    assert welsh.locale.language_code == "cy"
    assert welsh.title == f"[cy] {course.title}"
    assert welsh.live
    welsh_lessons = LessonPage.objects.child_of(welsh).live()
    assert welsh_lessons.count() == 3
    assert all(lesson.title.startswith("[cy] ") for lesson in welsh_lessons)
    # Numbers are kept in step with the English, not translated.
    assert welsh.estimated_minutes == course.estimated_minutes
    assert welsh.cpd_hours == course.cpd_hours


def test_the_welsh_course_is_served_under_cy(client, course):
    welsh = translate_course(course)

    assert welsh.url.startswith("/cy/")
    response = client.get(welsh.url)

    assertContains(response, f"[cy] {course.title}")
    assertContains(response, '<html lang="cy"')
    assertNotContains(response, "Nid yw")  # a Welsh page: no note


def test_an_untranslated_lesson_under_cy_is_served_in_english_with_a_welsh_note(
    client, learner, course
):
    first, second, third = lessons_of(course)
    welsh = translate_course(course, lessons=[first, second])
    services.enrol(user=learner, course=course)
    client.force_login(learner)

    with translation.override("cy"):
        steps = selectors.course_steps(course=welsh)
    assert [step.title for step in steps] == [
        f"[cy] {first.title}",
        f"[cy] {second.title}",
        third.title,
    ]
    # The untranslated lesson keeps a Welsh-site address, below the Welsh course.
    assert steps[2].url == f"{welsh.url}{third.slug}/"

    response = client.get(steps[2].url)

    assert response.status_code == 200
    assertContains(response, third.title)
    assertContains(response, '<main id="main" class="wrap" tabindex="-1" lang="en-GB">')
    assertContains(response, 'lang="cy" role="note"')
    assertContains(response, "Nid yw'r dudalen hon ar gael yn Gymraeg eto")


def test_completing_a_welsh_lesson_completes_the_english_step(learner, course):
    welsh = translate_course(course)
    english_lessons = lessons_of(course)
    welsh_lessons = list(LessonPage.objects.child_of(welsh).order_by("path"))

    # Enrolling in the Welsh course enrols her in the English one.
    services.enrol(user=learner, course=welsh)
    assert Enrolment.objects.get(user=learner).course_id == course.pk

    for lesson in welsh_lessons:
        services.complete_lesson(user=learner, lesson=lesson)

    steps = set(
        StepProgress.objects.filter(user=learner).values_list("step_id", flat=True)
    )
    assert steps == {lesson.pk for lesson in english_lessons}
    assert Enrolment.objects.get(user=learner).is_complete
    with translation.override("cy"):
        outline = selectors.course_outline(user=learner, course=welsh)
    assert outline.percent == 100
    assert all(status.completed for status in outline.lessons)
    # And in English, the same record.
    outline = selectors.course_outline(user=learner, course=course)
    assert all(status.completed for status in outline.lessons)


def test_the_welsh_catalogue_lists_every_course_in_welsh_where_translated(
    client, catalogue, course
):
    other = CoursePage.objects.get(pk=course.pk)  # translated below
    untranslated = type(course).objects.get(pk=course.pk)
    translate_course(other)
    english_only = make_course(catalogue=catalogue, lessons=1, title="Only in English")

    welsh_catalogue = catalogue.get_translation(locales.locale_id("cy"))
    response = client.get(welsh_catalogue.url)

    assertContains(response, f"[cy] {untranslated.title}")
    assertContains(response, english_only.title)
    assertContains(response, f'href="{welsh_catalogue.url}{english_only.slug}/"')


def test_a_trainer_translates_a_course_in_wagtail_localize(
    trainer_client, course, django_capture_on_commit_callbacks
):
    """The admin's "Translate" (wagtail-localize 1.14.5 on Wagtail 8): the
    Welsh course and its lessons are made, ready for the Welsh."""
    catalogue = course.get_parent().specific
    home = catalogue.get_parent().specific
    for page in (home, catalogue):
        translate(page, "cy", welsh_words(page))
    services.grant_trainers_course_tree(
        catalogue=catalogue.get_translation(locales.locale_id("cy"))
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            f"/admin/localize/submit/page/{course.pk}/",
            {"locales": [locales.locale_id("cy")], "include_subtree": "on"},
        )

    assert response.status_code == 302
    welsh = course.get_translation(locales.locale_id("cy"))
    assert LessonPage.objects.child_of(welsh).count() == 3
    # Then the editor, for the Welsh of each segment.
    editor = trainer_client.get(f"/admin/pages/{welsh.pk}/edit/")
    assert editor.status_code == 200
