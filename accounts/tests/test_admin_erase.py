"""Deleting a learner in the Wagtail admin erases her account by the privacy
policy; accounts with admin access are deleted as Wagtail does."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def delete_url(user):
    return reverse("wagtailusers_users:delete", args=[user.pk])


def test_the_page_says_the_account_will_be_erased(admin_client, learner):
    response = admin_client.get(delete_url(learner))

    assertContains(response, "Erase account")
    assertContains(response, "certificates are withdrawn")
    assertContains(response, "Yes, erase the account")


def test_deleting_a_learner_erases_her_by_the_policy(admin_client, admin_user, learner):
    response = admin_client.post(delete_url(learner))

    assert response.status_code == 302
    learner.refresh_from_db()  # kept, anonymised
    assert learner.full_name == "Erased learner"
    assert learner.email.endswith("@invalid")
    assert not learner.is_active
    assert not learner.has_usable_password()
    event = AuditEvent.objects.get(action="account_erased")
    assert event.actor == admin_user
    assert event.details["reason"] == "Erased by an administrator."


def test_deleting_a_trainer_deletes_the_account(admin_client, trainer):
    admin_client.post(delete_url(trainer))

    assert not User.objects.filter(pk=trainer.pk).exists()


def test_learners_cannot_be_deleted_in_bulk(admin_client, learner):
    trainee = UserFactory(full_name="Rosa Khan")
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "delete"])

    response = admin_client.post(f"{url}?id={learner.pk}&id={trainee.pk}", follow=True)

    assertContains(response, "erased one at a time")
    assert User.objects.filter(pk__in=[learner.pk, trainee.pk]).count() == 2
    assert User.objects.get(pk=learner.pk).full_name == "Leah Morgan"


def test_a_trainer_cannot_reach_the_erase_page(trainer_client, learner):
    response = trainer_client.get(delete_url(learner))

    assert response.status_code in (302, 403)
    learner.refresh_from_db()
    assert learner.is_active
