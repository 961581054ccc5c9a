import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_trainers_group_is_created_by_migration_with_admin_and_media_access():
    group = Group.objects.get(name="Trainers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    collection_codenames = set(
        group.collection_permissions.values_list("permission__codename", flat=True)
    )

    assert "access_admin" in codenames
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= (
        collection_codenames
    )


def test_trainer_may_add_edit_and_publish_in_the_course_tree(trainer, course, home):
    course_permissions = course.permissions_for_user(trainer)
    home_permissions = home.permissions_for_user(trainer)

    assert course_permissions.can_add_subpage()
    assert course_permissions.can_edit()
    assert course_permissions.can_publish()
    assert not home_permissions.can_edit()


def test_trainer_opens_the_editor_for_a_lesson(trainer_client, course):
    lesson = LessonPageFactory(parent=course)

    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))

    assert response.status_code == 200


def test_trainer_may_not_edit_the_home_page(trainer_client, home):
    response = trainer_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))

    assert response.status_code in (302, 403)


def test_a_catalogue_created_in_the_admin_is_given_to_trainers(admin_client, home):
    from courses.models import CourseIndexPage

    response = admin_client.post(
        reverse(
            "wagtailadmin_pages:add",
            args=["courses", "courseindexpage", home.pk],
        ),
        {"title": "Courses", "slug": "courses", "action-publish": "1"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    catalogue = CourseIndexPage.objects.get()
    assert (
        Group.objects.get(name="Trainers")
        .page_permissions.filter(page=catalogue, permission__codename="publish_page")
        .exists()
    )
