import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from courses import selectors, services
from courses.models import Enrolment, StepProgress
from courses.tests.factories import CoursePageFactory, LessonPageFactory, make_course

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(selectors.live_lessons(course=course))


# Catalogue -----------------------------------------------------------------


def test_anonymous_visitor_reads_the_catalogue_of_published_courses(client, catalogue):
    make_course(catalogue=catalogue, title="Release day support")
    CoursePageFactory(parent=catalogue, title="Unfinished draft course", live=False)

    response = client.get(catalogue.url)

    assertContains(response, "Release day support")
    assertNotContains(response, "Unfinished draft course")


def test_catalogue_search_finds_courses_by_their_words(client, catalogue):
    make_course(
        catalogue=catalogue, title="Release day support", summary="Gate pickup."
    )
    make_course(catalogue=catalogue, title="Court accompaniment", summary="Hearings.")

    response = client.get(catalogue.url, {"q": "release"})

    assertContains(response, "Release day support")
    assertNotContains(response, "Court accompaniment")
    assertContains(response, "1 course found")


def test_catalogue_filters_by_topic(client, catalogue):
    tagged = make_course(catalogue=catalogue, title="Custody and release")
    tagged.tags.add("Release from custody")
    tagged.save()
    make_course(catalogue=catalogue, title="Court accompaniment")

    response = client.get(catalogue.url, {"topic": "release-from-custody"})

    assertContains(response, "Custody and release")
    assertNotContains(response, "Court accompaniment")
    assertContains(response, '<option value="release-from-custody" selected>')


def test_catalogue_with_nonsense_input_says_nothing_matched(client, catalogue, course):
    response = client.get(catalogue.url, {"q": "x" * 5000, "topic": "<script>"})

    assert response.status_code == 200
    assertContains(response, "No courses match")
    assertNotContains(response, "<script>")


def test_catalogue_queries_are_bounded(
    client, catalogue, django_assert_max_num_queries
):
    for number in range(10):
        course = make_course(catalogue=catalogue, lessons=1, title=f"Course {number}")
        course.tags.add(f"Topic {number}")
        course.save()
    # Constant in the number of courses: site, route, view restrictions, courses,
    # their topics (prefetched) and the topic filter's options; two for the
    # courses' content-note topics and one for the header's "My staff" link.
    # And one for the header's support settings; and, on this first request
    # with an empty cache, one for the switcher's link to its Welsh translation.
    with django_assert_max_num_queries(19):
        response = client.get(catalogue.url)
    assertContains(response, "Course 9")


# Course page ---------------------------------------------------------------


def test_anonymous_visitor_reads_a_course_summary_and_is_asked_to_sign_in(
    client, course
):
    response = client.get(course.url)

    assertContains(response, course.summary)
    assertContains(response, "sign in")
    assertNotContains(response, "Enrol in this course")
    # Lesson titles are listed but not linked for someone not enrolled.
    assertNotContains(response, f'href="{lessons_of(course)[0].url}"')


def test_signed_in_learner_sees_the_enrol_button(learner_client, course):
    assertContains(learner_client.get(course.url), "Enrol in this course")


def test_enrolled_learner_sees_each_lesson_status_and_progress(
    learner_client, learner, course
):
    services.enrol(user=learner, course=course)
    services.complete_lesson(user=learner, lesson=lessons_of(course)[0])

    response = learner_client.get(course.url)

    assertContains(response, "33% complete (1 of 3 lessons)")
    assertContains(response, "Completed", count=1)
    assertContains(response, "Not started", count=2)
    assertContains(response, f"Resume: {lessons_of(course)[1].title}")


def test_unpublished_course_and_its_lessons_are_not_reachable(
    learner_client, learner, course
):
    services.enrol(user=learner, course=course)
    lesson_url = lessons_of(course)[0].url
    course_url = course.url
    course.live = False
    course.save()

    assert learner_client.get(course_url).status_code == 404
    assert learner_client.get(lesson_url).status_code == 404


def test_course_page_of_twenty_lessons_has_bounded_queries(
    learner_client, learner, catalogue, django_assert_max_num_queries
):
    course = make_course(catalogue=catalogue, lessons=20, title="Long course")
    services.enrol(user=learner, course=course)
    for lesson in lessons_of(course)[:7]:
        services.complete_lesson(user=learner, lesson=lesson)

    # Constant in the number of lessons: Wagtail's site and route lookups, the
    # session, user and permissions, then one query each for enrolment, lessons,
    # progress, quizzes and topics.
    # 19; one for the header's "My staff" link, two for the content-note topics
    # and one for a saved break.
    # And one for the header's support settings.
    with django_assert_max_num_queries(24):
        response = learner_client.get(course.url)
    assertContains(response, "35% complete (7 of 20 lessons)")


# Enrolment -----------------------------------------------------------------


def test_enrol_then_go_to_the_first_lesson(learner_client, learner, course):
    response = learner_client.post(
        reverse("courses:enrol", args=[course.pk]), follow=True
    )

    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    assertRedirects(response, lessons_of(course)[0].url)
    assertContains(response, "You are enrolled")


def test_enrolling_twice_keeps_one_enrolment_and_says_so(
    learner_client, learner, course
):
    url = reverse("courses:enrol", args=[course.pk])
    learner_client.post(url)
    response = learner_client.post(url, follow=True)

    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    assertContains(response, "already enrolled")


def test_anonymous_visitor_must_sign_in_to_enrol(client, course):
    response = client.post(reverse("courses:enrol", args=[course.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Enrolment.objects.exists()


def test_enrolling_in_a_draft_course_is_not_found(learner_client, catalogue):
    draft = CoursePageFactory(parent=catalogue, live=False)

    response = learner_client.post(reverse("courses:enrol", args=[draft.pk]))

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_enrol_by_get_is_not_allowed(learner_client, course):
    assert (
        learner_client.get(reverse("courses:enrol", args=[course.pk])).status_code
        == 405
    )


# Lessons -------------------------------------------------------------------


def test_lesson_needs_a_signed_in_learner(client, course):
    lesson = lessons_of(course)[0]

    response = client.get(lesson.url)

    assertRedirects(
        response,
        f"{reverse('accounts:login')}?next={lesson.url}",
        fetch_redirect_response=False,
    )


def test_lesson_sends_a_learner_who_is_not_enrolled_to_the_course(
    learner_client, course
):
    response = learner_client.get(lessons_of(course)[0].url, follow=True)

    assertRedirects(response, course.url)
    assertContains(response, "Enrol in this course to start its lessons")


def test_enrolled_learner_reads_a_lesson_with_its_controls(
    learner_client, learner, course
):
    services.enrol(user=learner, course=course)
    first, second, _ = lessons_of(course)

    response = learner_client.get(second.url)

    assertContains(response, "Lesson 2 of 3")
    assertContains(response, "needs differ.")
    assertContains(response, "Mark complete and continue")
    assertContains(response, f"Previous: {first.title}")


def test_a_lesson_page_is_never_kept_by_a_shared_cache(learner_client, learner, course):
    services.enrol(user=learner, course=course)

    response = learner_client.get(lessons_of(course)[0].url)

    assert "private" in response["Cache-Control"]


def test_mark_complete_and_continue_goes_to_the_next_lesson(
    learner_client, learner, course
):
    services.enrol(user=learner, course=course)
    first, second, _ = lessons_of(course)

    response = learner_client.post(reverse("courses:complete_lesson", args=[first.pk]))

    assertRedirects(response, second.url)
    assert StepProgress.objects.filter(user=learner, step=first).exists()


def test_finishing_the_last_lesson_completes_the_course(
    learner_client, learner, course
):
    services.enrol(user=learner, course=course)
    *others, last = lessons_of(course)
    for lesson in others:
        services.complete_lesson(user=learner, lesson=lesson)

    response = learner_client.post(
        reverse("courses:complete_lesson", args=[last.pk]), follow=True
    )

    assertRedirects(response, course.url)
    assertContains(response, "you have completed")
    assertContains(response, "100% complete")
    assert Enrolment.objects.get(user=learner, course=course).completed_at


def test_completing_a_lesson_twice_keeps_one_record(learner_client, learner, course):
    services.enrol(user=learner, course=course)
    lesson = lessons_of(course)[0]
    url = reverse("courses:complete_lesson", args=[lesson.pk])

    learner_client.post(url)
    learner_client.post(url)

    assert StepProgress.objects.filter(user=learner, step=lesson).count() == 1


def test_completing_another_courses_lesson_is_refused_clearly(
    learner_client, learner, course, catalogue
):
    services.enrol(user=learner, course=course)
    other_course = make_course(catalogue=catalogue, title="Another course")
    other_lesson = lessons_of(other_course)[0]

    response = learner_client.post(
        reverse("courses:complete_lesson", args=[other_lesson.pk]), follow=True
    )

    assertRedirects(response, other_course.url)
    assertContains(
        response, "Enrol in this course before you mark its lessons complete"
    )
    assert not StepProgress.objects.exists()


def test_completing_a_draft_lesson_is_not_found(learner_client, learner, course):
    services.enrol(user=learner, course=course)
    draft = LessonPageFactory(parent=course, live=False)

    response = learner_client.post(reverse("courses:complete_lesson", args=[draft.pk]))

    assert response.status_code == 404
    assert not StepProgress.objects.exists()


def test_completing_needs_sign_in(client, course):
    lesson = lessons_of(course)[0]

    response = client.post(reverse("courses:complete_lesson", args=[lesson.pk]))

    assert response.status_code == 302
    assert not StepProgress.objects.exists()


def test_resume_goes_to_the_first_unfinished_lesson(learner_client, learner, course):
    services.enrol(user=learner, course=course)
    first, second, _ = lessons_of(course)
    services.complete_lesson(user=learner, lesson=first)

    response = learner_client.get(reverse("courses:resume", args=[course.pk]))

    assertRedirects(response, second.url)


def test_resume_when_not_enrolled_goes_to_the_course_page(learner_client, course):
    response = learner_client.get(reverse("courses:resume", args=[course.pk]))

    assertRedirects(response, course.url)


def test_trainer_previews_a_draft_lesson_as_a_learner_sees_it(trainer_client, course):
    draft = LessonPageFactory(
        parent=course, title="Draft lesson on release day", live=False
    )

    response = trainer_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[draft.pk])
    )

    assertContains(response, "Draft lesson on release day")
    assertContains(response, "This is a preview")


def test_learner_cannot_preview_a_draft_lesson(learner_client, course):
    draft = LessonPageFactory(parent=course, live=False)

    response = learner_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[draft.pk])
    )

    assert response.status_code in (302, 403)
    assert "Lesson" not in response.content.decode()


# My learning ---------------------------------------------------------------


def test_my_learning_lists_courses_in_progress_and_completed(
    learner_client, learner, catalogue
):
    started = make_course(catalogue=catalogue, lessons=2, title="Court support")
    finished = make_course(catalogue=catalogue, lessons=1, title="Release day")
    for course in (started, finished):
        services.enrol(user=learner, course=course)
    services.complete_lesson(user=learner, lesson=lessons_of(started)[0])
    services.complete_lesson(user=learner, lesson=lessons_of(finished)[0])

    response = learner_client.get(reverse("courses:my_learning"))

    in_progress = response.context["in_progress"]
    completed = response.context["completed"]
    assert [p.course.title for p in in_progress] == ["Court support"]
    assert in_progress[0].percent == 50
    assert [p.course.title for p in completed] == ["Release day"]
    assert completed[0].percent == 100
    assertContains(response, "50% complete (1 of 2 lessons)")
    assertContains(response, "100% complete (1 of 1 lessons)")


def test_my_learning_shows_only_the_signed_in_learners_courses(
    client, learner, other_learner, course
):
    services.enrol(user=other_learner, course=course)
    client.force_login(learner)

    response = client.get(reverse("courses:my_learning"))

    assertNotContains(response, course.title)
    assertContains(response, "You have no courses in progress")


def test_my_learning_needs_sign_in(client):
    response = client.get(reverse("courses:my_learning"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_my_learning_queries_are_bounded(
    learner_client, learner, catalogue, django_assert_max_num_queries
):
    for number in range(5):
        course = make_course(catalogue=catalogue, lessons=20, title=f"Course {number}")
        services.enrol(user=learner, course=course)
        services.complete_lesson(user=learner, lesson=lessons_of(course)[0])

    # Enrolments, their lessons, progress and quizzes in four queries, whatever
    # the count.
    # 11, and three for "Assigned to you" and the header's "My staff" link.
    # And one for the header's support settings, one for requests for more time.
    # +1 with Welsh on: building the site's root paths (cached afterwards) also
    # reads the home page's translations.
    with django_assert_max_num_queries(17):
        response = learner_client.get(reverse("courses:my_learning"))
    assertContains(response, "5% complete (1 of 20 lessons)", count=5)
