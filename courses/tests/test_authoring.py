"""A trainer builds a course in one go: it starts with a first lesson and an
empty quiz, publishes with its drafts in one action (or goes to moderation
together), and is never live and empty."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.factories import UserFactory
from courses import authoring
from courses.models import CoursePage, LessonPage
from courses.tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    make_course,
)
from quizzes.models import QuizPage, QuizQuestion
from quizzes.tests.factories import QuizPageFactory, single

pytestmark = pytest.mark.django_db


def draft(page):
    """Make a page a never-published draft, with a revision, as the editor
    leaves one after "Save draft"."""
    Page.objects.filter(pk=page.pk).update(
        live=False, has_unpublished_changes=True, first_published_at=None
    )
    page = page.specific_class.objects.get(pk=page.pk)
    page.save_revision()
    return page


def new_course(catalogue, *, lessons=1, quiz=True, title="Safety planning"):
    """A draft course with draft lessons and a draft quiz of one question."""
    course = draft(CoursePageFactory(parent=catalogue, title=title))
    for number in range(1, lessons + 1):
        draft(LessonPageFactory(parent=course, title=f"Step {number}"))
    if quiz:
        page = QuizPageFactory(parent=course, title="Check")
        QuizQuestion.objects.create(quiz=page, question=single(), sort_order=0)
        draft(page)
    return CoursePage.objects.get(pk=course.pk)


def live_titles(course):
    return sorted(Page.objects.child_of(course).live().values_list("title", flat=True))


@pytest.fixture
def editor(catalogue):
    """An editor who may add and change pages in the catalogue, not publish."""
    group = Group.objects.create(name="Course writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=catalogue,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = UserFactory(full_name="Eve Editor", email="eve@example.org")
    user.groups.add(group)
    return user


# The service -------------------------------------------------------------------


def test_publishes_the_course_and_every_draft_together(catalogue, trainer):
    course = new_course(catalogue, lessons=2)

    publication = authoring.publish_course(course=course, user=trainer)

    course.refresh_from_db()
    assert publication.action == "published"
    assert course.live
    assert live_titles(course) == ["Check", "Step 1", "Step 2"]
    # Through Wagtail's own publishing: each page's revision is its live one,
    # and the history says who published it.
    for page in [course, *Page.objects.child_of(course)]:
        assert page.live_revision_id == page.latest_revision_id
        assert PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", user=trainer
        ).exists()
    # Steps first, the course last: it is never live before them.
    assert [page.title for page in publication.pages][-1] == course.title


def test_a_live_course_with_a_new_draft_lesson_publishes_just_the_lesson(
    course, trainer
):
    lesson = draft(LessonPageFactory(parent=course, title="A new lesson"))

    publication = authoring.publish_course(course=course, user=trainer)

    assert [page.pk for page in publication.pages] == [lesson.pk]
    assert LessonPage.objects.get(pk=lesson.pk).live


def test_nothing_is_published_when_one_page_is_not_finished(catalogue, trainer):
    course = new_course(catalogue, lessons=2)
    # Saved as a draft before its summary was written (drafts may leave out
    # required fields); the steps are published first, then rolled back.
    CoursePage.objects.filter(pk=course.pk).update(summary="")
    course.refresh_from_db()
    course.save_revision(clean=False)

    with pytest.raises(authoring.StepNotReady) as refusal:
        authoring.publish_course(course=course, user=trainer)

    assert refusal.value.message == (
        "“Safety planning” is not finished yet: fill in summary, then publish again."
    )
    assert not CoursePage.objects.get(pk=course.pk).live
    assert live_titles(course) == []
    assert not PageLogEntry.objects.filter(action="wagtail.publish").exists()


def test_a_lesson_with_no_content_keeps_the_course_offline(catalogue, trainer):
    course = new_course(catalogue, lessons=1)
    unfinished = LessonPage.objects.child_of(course).get()
    unfinished.body = []
    unfinished.save_revision()

    with pytest.raises(authoring.StepNotReady, match="“Step 1” has no content yet"):
        authoring.publish_course(course=course, user=trainer)

    assert not CoursePage.objects.get(pk=course.pk).live
    assert live_titles(course) == []


def test_a_quiz_with_no_questions_keeps_the_course_offline(catalogue, trainer):
    course = new_course(catalogue, quiz=False)
    draft(QuizPageFactory(parent=course, title="Empty quiz"))

    with pytest.raises(authoring.StepNotReady, match="“Empty quiz” has no questions"):
        authoring.publish_course(course=course, user=trainer)

    assert not CoursePage.objects.get(pk=course.pk).live
    assert live_titles(course) == []


def test_a_course_with_no_steps_is_refused(catalogue, trainer):
    course = new_course(catalogue, lessons=0, quiz=False)

    with pytest.raises(authoring.CourseEmpty):
        authoring.publish_course(course=course, user=trainer)

    assert not CoursePage.objects.get(pk=course.pk).live


def test_a_step_taken_offline_stays_offline(catalogue, trainer):
    course = new_course(catalogue, lessons=2)
    authoring.publish_course(course=course, user=trainer)
    withdrawn = LessonPage.objects.child_of(course).get(title="Step 2")
    withdrawn.unpublish()
    draft_course = CoursePage.objects.get(pk=course.pk)
    draft_course.save_revision()

    authoring.publish_course(course=draft_course, user=trainer)

    assert "Step 2" not in live_titles(course)


def test_nothing_new_to_publish_is_said_plainly(course, trainer):
    with pytest.raises(authoring.NothingToPublish):
        authoring.publish_course(course=course, user=trainer)


def test_an_editor_who_cannot_publish_sends_them_for_moderation_together(
    catalogue, editor
):
    course = new_course(catalogue, lessons=1)

    publication = authoring.publish_course(course=course, user=editor)

    assert publication.action == "submitted"
    pages = [course, *Page.objects.child_of(course)]
    assert len(publication.pages) == len(pages) == 3
    for page in pages:
        page.refresh_from_db()
        assert not page.live
        assert page.workflow_in_progress
    # Sending again does not start a second workflow.
    again = authoring.publish_course(course=course, user=editor)
    assert again.action == "submitted"


def test_a_moderator_then_publishes_them_in_one_go(catalogue, editor, admin_user):
    course = new_course(catalogue, lessons=1)
    authoring.publish_course(course=course, user=editor)

    # Pages in moderation are locked to everyone but the moderators.
    authoring.publish_course(course=course, user=admin_user)

    course.refresh_from_db()
    assert course.live
    assert not course.workflow_in_progress  # publishing closed the workflow
    assert live_titles(course) == ["Check", "Step 1"]


def test_someone_with_no_rights_on_the_course_is_refused(catalogue, learner):
    course = new_course(catalogue)

    with pytest.raises(authoring.NotAllowed):
        authoring.publish_course(course=course, user=learner)

    assert not CoursePage.objects.get(pk=course.pk).live


# The action in the admin -------------------------------------------------------


def url(course):
    return reverse("courses_admin:publish_course", args=[course.pk])


def test_the_course_editor_and_explorer_offer_the_action(trainer_client, catalogue):
    course = new_course(catalogue)

    editor_page = trainer_client.get(
        reverse("wagtailadmin_pages:edit", args=[course.pk])
    )
    explorer = trainer_client.get(reverse("wagtailadmin_explore", args=[catalogue.pk]))

    for response in (editor_page, explorer):
        assert response.status_code == 200
        html = response.content.decode()
        assert "Publish course with its lessons and quizzes" in html
        assert url(course) in html


def test_a_lesson_editor_does_not_offer_it(trainer_client, course):
    lesson = LessonPage.objects.child_of(course).first()

    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))

    assert (
        "Publish course with its lessons and quizzes" not in response.content.decode()
    )


def test_trainer_sees_what_will_go_live_then_publishes_it(trainer_client, catalogue):
    course = new_course(catalogue, lessons=2)

    confirm = trainer_client.get(url(course))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Step 1 (lesson, draft)" in html
    assert "Check (quiz, draft)" in html
    assert "Publish 4 pages" in html
    assert not CoursePage.objects.get(pk=course.pk).live  # GET changes nothing

    response = trainer_client.post(url(course), follow=True)

    assert response.redirect_chain[0] == (
        reverse("wagtailadmin_explore", args=[course.pk]),
        302,
    )
    assert "is live, with its lessons and quizzes (4 pages)" in (
        response.content.decode()
    )
    assert CoursePage.objects.get(pk=course.pk).live
    assert live_titles(course) == ["Check", "Step 1", "Step 2"]


def test_an_empty_course_is_refused_with_a_clear_message(trainer_client, catalogue):
    course = new_course(catalogue, lessons=0, quiz=False)

    response = trainer_client.post(url(course))

    assert response.status_code == 400
    assert "A course goes live with at least one lesson or quiz" in (
        response.content.decode()
    )
    assert not CoursePage.objects.get(pk=course.pk).live


def test_a_learner_is_sent_to_the_admin_sign_in(learner_client, catalogue):
    course = new_course(catalogue)

    for response in (learner_client.get(url(course)), learner_client.post(url(course))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))

    assert not CoursePage.objects.get(pk=course.pk).live


def test_admin_user_without_rights_on_the_course_is_turned_away(client, catalogue):
    """Wagtail answers a refusal in its admin (PermissionDenied) by sending her
    to the admin home with "Sorry, you do not have permission"."""
    course = new_course(catalogue)
    outsider = UserFactory(email="out@example.org")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)

    for response in (client.get(url(course)), client.post(url(course))):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert not CoursePage.objects.get(pk=course.pk).live


def test_an_unknown_course_is_404(trainer_client, course):
    lesson = LessonPage.objects.child_of(course).first()

    assert trainer_client.get(url(lesson)).status_code == 404


# The editor's own Publish button -----------------------------------------------


def course_form(course=None, **extra):
    return nested_form_data(
        {
            "title": course.title if course else "Working with women",
            "slug": course.slug if course else "working-with-women",
            "summary": "Why women's needs differ.",
            "learning_outcomes": streamfield([]),
            "estimated_minutes": 30,
            "cpd_hours": "1.0",
            "audience": "Probation officers",
            "tags": "",
            "content_note": "",
            **extra,
        }
    )


def test_publishing_a_course_with_no_live_step_is_refused_in_the_editor(
    trainer_client, catalogue
):
    course = new_course(catalogue)  # its steps are drafts
    edit = reverse("wagtailadmin_pages:edit", args=[course.pk])

    response = trainer_client.post(edit, course_form(course, **{"action-publish": 1}))

    assert response.status_code == 200
    assert "A course goes live with at least one published lesson or quiz" in (
        response.content.decode()
    )
    assert not CoursePage.objects.get(pk=course.pk).live


def test_publishing_a_course_with_a_live_step_works_as_before(trainer_client, course):
    edit = reverse("wagtailadmin_pages:edit", args=[course.pk])

    response = trainer_client.post(
        edit, course_form(course, summary="Updated.", **{"action-publish": 1})
    )

    assert response.status_code == 302
    assert CoursePage.objects.get(pk=course.pk).summary == "Updated."


def test_bulk_publishing_an_empty_course_in_the_explorer_is_refused(
    trainer_client, catalogue
):
    course = new_course(catalogue, lessons=0, quiz=False)
    bulk = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={course.pk}&next=/admin/"
    )

    response = trainer_client.post(bulk, {"include_descendants": ""}, follow=True)

    assert "A course goes live with at least one published lesson" in (
        response.content.decode()
    )
    assert not CoursePage.objects.get(pk=course.pk).live


def test_unpublishing_a_live_course_s_last_step_is_refused(trainer_client, catalogue):
    course = make_course(catalogue=catalogue, lessons=2)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[first.pk])

    assert trainer_client.post(unpublish).status_code == 302
    assert not LessonPage.objects.get(pk=first.pk).live  # another one is left

    unpublish = reverse("wagtailadmin_pages:unpublish", args=[second.pk])
    response = trainer_client.post(unpublish, follow=True)

    assert "This is the course&#x27;s only published lesson or quiz" in (
        response.content.decode()
    )
    assert LessonPage.objects.get(pk=second.pk).live
    # The course itself can still be taken offline, steps and all.
    course_unpublish = reverse("wagtailadmin_pages:unpublish", args=[course.pk])
    trainer_client.post(course_unpublish, {"include_descendants": "on"})
    assert not CoursePage.objects.get(pk=course.pk).live


def test_bulk_unpublishing_every_step_of_a_live_course_is_refused(
    trainer_client, catalogue
):
    course = make_course(catalogue=catalogue, lessons=2)
    ids = "&".join(
        f"id={pk}" for pk in Page.objects.child_of(course).values_list("pk", flat=True)
    )
    bulk = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
        + f"?{ids}&next=/admin/"
    )

    response = trainer_client.post(bulk, {"include_descendants": ""}, follow=True)

    assert "only published lesson or quiz" in response.content.decode()
    assert Page.objects.child_of(course).live().count() == 2


# A new course ------------------------------------------------------------------


def test_a_new_course_starts_with_a_first_lesson_and_an_empty_quiz(
    trainer_client, catalogue
):
    add = reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]
    )

    response = trainer_client.post(add, course_form(), follow=True)

    assert response.status_code == 200
    course = CoursePage.objects.get(slug="working-with-women")
    assert not course.live
    steps = [page.specific for page in Page.objects.child_of(course).order_by("path")]
    assert [type(page) for page in steps] == [LessonPage, QuizPage]
    assert [page.title for page in steps] == ["Lesson 1", "Check your understanding"]
    for page in steps:
        assert not page.live
        assert page.latest_revision is not None  # a draft, in its history
        assert page.owner == course.owner
    assert "has a first lesson and an empty quiz, as drafts" in (
        response.content.decode()
    )
    # Until they are filled in, the course cannot go live with them.
    with pytest.raises(authoring.StepNotReady):
        authoring.publish_course(course=course, user=course.owner)
    assert not Page.objects.child_of(course).live().exists()


def test_publishing_a_brand_new_course_says_to_save_it_first(trainer_client, catalogue):
    add = reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]
    )

    response = trainer_client.post(add, course_form(**{"action-publish": 1}))

    assert response.status_code == 200
    assert "A new course starts as a draft" in response.content.decode()
    assert not CoursePage.objects.filter(slug="working-with-women").exists()


def test_starting_a_course_twice_adds_one_lesson(catalogue, trainer):
    course = new_course(catalogue, lessons=0, quiz=False)

    assert authoring.add_first_lesson(course=course, user=trainer) is not None
    assert authoring.add_first_lesson(course=course, user=trainer) is None
    assert Page.objects.child_of(course).count() == 1


# Shortcuts for a trainer writing a course -----------------------------------------


def test_saving_a_new_course_opens_its_first_lesson_ready_to_write(
    trainer_client, catalogue
):
    add = reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]
    )

    response = trainer_client.post(add, course_form())

    course = CoursePage.objects.get(slug="working-with-women")
    lesson = LessonPage.objects.child_of(course).get()
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[lesson.pk])


def lesson_form(title="Conditions that clash"):
    return nested_form_data(
        {
            "title": title,
            "slug": "conditions-that-clash",
            "intro": "",
            "estimated_minutes": 10,
            "body": streamfield(
                [("rich_text", rich_text("<p>Some pull against her plan.</p>"))]
            ),
            "alternative_summary": rich_text(""),
            "alternative_task": "",
        }
    )


def test_a_lesson_added_to_a_course_goes_before_its_closing_quiz(
    trainer_client, catalogue
):
    course = new_course(catalogue, lessons=1)
    add = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])

    response = trainer_client.post(add, lesson_form(), follow=True)

    assert response.status_code == 200
    titles = [p.title for p in Page.objects.child_of(course).order_by("path")]
    assert titles == ["Step 1", "Conditions that clash", "Check"]


def test_a_lesson_added_after_lessons_only_stays_last(catalogue, trainer):
    course = new_course(catalogue, lessons=2, quiz=False)
    last = LessonPage.objects.child_of(course).order_by("path").last()

    assert not authoring.place_new_lesson(lesson=last, user=trainer)
    assert Page.objects.child_of(course).order_by("path").last().pk == last.pk


def test_saving_a_lesson_offers_the_next_steps(trainer_client, catalogue):
    course = new_course(catalogue, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    quiz = Page.objects.child_of(course).order_by("path").last()
    edit = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    response = trainer_client.post(edit, lesson_form("Step 1"), follow=True)

    html = response.content.decode()
    assert "What next?" in html
    assert "Add another lesson" in html
    assert (
        reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
        in html
    )
    assert "Next: Check" in html
    assert reverse("wagtailadmin_pages:edit", args=[quiz.pk]) in html
    assert reverse("courses_admin:publish_course", args=[course.pk]) in html


def test_an_autosave_leaves_no_next_steps_waiting_for_her_next_page(
    trainer_client, catalogue
):
    """Wagtail autosaves by asking for JSON; the shortcuts are for a save she
    made herself, so they never pile up for whatever page she opens next."""
    course = new_course(catalogue, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    edit = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    for _ in range(2):
        trainer_client.post(
            edit, lesson_form("Step 1"), headers={"Accept": "application/json"}
        )

    html = trainer_client.get(edit).content.decode()
    assert "What next?" not in html


def test_the_last_step_offers_no_next_step_and_a_course_offers_none(catalogue):
    course = new_course(catalogue, lessons=1)
    quiz = Page.objects.child_of(course).order_by("path").last()

    labels = [label for label, _ in authoring.next_steps(step=quiz)]
    assert labels == [
        "Add another lesson",
        "Publish course with its lessons and quizzes",
    ]
    assert authoring.next_steps(step=course) == []


def lesson_editor_form(lesson, user, parent):
    form_class = LessonPage.get_edit_handler().get_form_class()
    return form_class(instance=lesson, for_user=user, parent_page=parent)


def test_a_new_lesson_opens_with_an_empty_rich_text_block(catalogue, trainer):
    course = new_course(catalogue, lessons=0, quiz=False)

    form = lesson_editor_form(LessonPage(), trainer, course)

    assert [block.block_type for block in form.initial["body"]] == ["rich_text"]


def test_a_lesson_with_a_body_opens_as_written(catalogue, trainer):
    course = new_course(catalogue, lessons=1, quiz=False)
    lesson = LessonPage.objects.child_of(course).get()
    written = [block.block_type for block in lesson.body]
    assert written

    form = lesson_editor_form(lesson, trainer, course)

    assert [block.block_type for block in form.initial["body"]] == written


def test_a_course_saved_without_a_slug_takes_one_from_its_title(
    trainer_client, catalogue
):
    """The admin's script fills the slug as she types the title; if it has not
    (no script, or she saved first), the course is still saved, never refused."""
    add = reverse(
        "wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]
    )

    response = trainer_client.post(add, course_form(slug=""), follow=True)

    assert response.status_code == 200
    assert CoursePage.objects.get(title="Working with women").slug == (
        "working-with-women"
    )
