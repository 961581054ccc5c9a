"""The page header is read from the cache, and every change that alters it is
seen on her next page: nobody keeps a "My staff" or "Edit content" link, or a
manager's view, after it was taken away."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from agencies.models import Agency, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Coventry Probation", kind="probation")


def my_learning(client) -> str:
    return client.get(reverse("courses:my_learning")).content.decode()


def test_made_a_manager_then_removed_she_sees_it_on_her_next_page(
    client, learner, agency, catalogue
):
    client.force_login(learner)
    assert "My staff" not in my_learning(client)  # cached: not a manager
    membership = Membership.objects.create(
        user=learner, agency=agency, role=Membership.Role.MANAGER
    )
    assert "My staff" in my_learning(client)
    assert client.get(reverse("agencies:dashboard")).status_code == 200

    membership.delete()
    assert "My staff" not in my_learning(client)
    assert client.get(reverse("agencies:dashboard")).status_code == 404


def test_a_new_trainer_sees_edit_content_and_loses_it_with_the_group(
    client, learner, catalogue
):
    client.force_login(learner)
    assert "Edit content" not in my_learning(client)
    trainers = Group.objects.get(name=roles.TRAINERS_GROUP)
    learner.groups.add(trainers)
    assert "Edit content" in my_learning(client)
    learner.groups.remove(trainers)
    assert "Edit content" not in my_learning(client)


def test_a_group_losing_admin_access_loses_the_link_for_everyone_in_it(
    client, trainer, catalogue
):
    client.force_login(trainer)
    assert "Edit content" in my_learning(client)
    trainers = Group.objects.get(name=roles.TRAINERS_GROUP)
    trainers.permissions.clear()
    assert "Edit content" not in my_learning(client)
