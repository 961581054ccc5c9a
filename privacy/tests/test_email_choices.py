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


def test_her_export_names_the_emails_she_turned_off_in_her_language(client, learner):
    notifications.choose_emails(user=learner, receive=set())
    client.force_login(learner)
    english = client.get("/my-data/export.json").json()
    welsh = client.get("/cy/my-data/export.json").json()
    assert {choice["email"] for choice in english["emails_turned_off"]} == {
        "When you complete a course, with a link to your certificate",
        "When a trainer has marked your written answers in a quiz",
    }
    assert all(
        choice["email"].startswith("Pan fydd")
        or choice["email"].startswith("Pan fyddwch")
        for choice in welsh["emails_turned_off"]
    )
