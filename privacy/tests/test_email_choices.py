"""Her email choices are hers: in her export, and gone when she is erased."""

import pytest
from django.urls import reverse

from accounts import notifications
from accounts.models import EmailOptOut
from privacy import selectors, services

pytestmark = pytest.mark.django_db


def test_her_export_lists_the_emails_she_turned_off(learner, other_learner):
    notifications.choose_emails(user=learner, receive={"answers_marked"})
    notifications.choose_emails(user=other_learner, receive=set())
    [choice] = selectors.export_for(learner)["emails_turned_off"]
    assert choice["email"] == notifications.Kind.COURSE_COMPLETED.label
    assert choice["turned_off"]


def test_her_export_page_shows_them(learner_client, learner):
    notifications.choose_emails(user=learner, receive={"answers_marked"})
    page = learner_client.get(reverse("privacy:view")).content.decode()
    assert "Emails you have turned off" in page
    assert str(notifications.Kind.COURSE_COMPLETED.label) in page


def test_erasure_deletes_her_choices_and_nobody_elses(learner, other_learner):
    notifications.choose_emails(user=learner, receive=set())
    notifications.choose_emails(user=other_learner, receive=set())
    erasure = services.erase_account(learner, reason="test")
    optional = len(notifications.choices_for(user=learner))
    assert erasure.deleted["email choices"] == optional
    assert not EmailOptOut.objects.filter(user=learner).exists()
    assert EmailOptOut.objects.filter(user=other_learner).count() == optional
