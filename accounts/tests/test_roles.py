"""One role check: `is_trainer` and `is_superuser`, and the permission policies
every admin screen of a role uses, which agree with them."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles
from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    group = Group.objects.create(name="Web editors")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory(full_name="Eve Editor")
    user.groups.add(group)
    return user


@pytest.fixture
def people(learner, trainer, admin_user, editor):
    return {
        "learner": learner,
        "trainer": trainer,
        "admin": admin_user,
        "editor": editor,
    }


@pytest.mark.parametrize(
    ("who", "trainer_screens", "superuser_screens"),
    [
        ("learner", False, False),
        ("editor", False, False),
        ("trainer", True, False),
        ("admin", True, True),
    ],
)
def test_each_policy_admits_whom_its_role_admits(
    people, who, trainer_screens, superuser_screens
):
    user = people[who]
    trainers = roles.trainers_policy(User)
    superusers = roles.superusers_policy(User)

    assert roles.is_trainer(user) is trainer_screens
    assert trainers.user_has_permission(user, "view") is trainer_screens
    assert trainers.user_has_any_permission(user, ["add", "view"]) is trainer_screens
    assert roles.is_superuser(user) is superuser_screens
    assert superusers.user_has_permission(user, "change") is superuser_screens


def test_the_policies_list_the_same_people(people):
    trainers = set(roles.trainers_policy(User).users_with_permission("view"))
    superusers = set(roles.superusers_policy(User).users_with_any_permission(["view"]))

    assert trainers == {people["trainer"], people["admin"]}
    assert superusers == {people["admin"]}


def test_a_deactivated_trainer_is_no_longer_one(trainer):
    trainer.is_active = False
    trainer.save()

    assert not roles.trainers_policy(User).user_has_permission(trainer, "view")
    assert trainer not in roles.trainers_policy(User).users_with_permission("view")
