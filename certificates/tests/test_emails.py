"""The email when she completes a course: once, after her certificate exists,
linking straight to it; and My learning's link to the certificate itself."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import notifications
from certificates import services, tasks
from certificates.models import Certificate
from core.tests.email_checks import check_email

from .conftest import complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(django_capture_on_commit_callbacks, learner, yearly_course):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, yearly_course)
    return learner.certificates.get()


def test_completing_a_course_emails_her_certificate_link(completed, learner):
    [message] = mail.outbox
    assert message.subject == (
        "Well done: you have completed “Responding to exploitation”"
    )
    check_email(
        message,
        to=learner.email,
        link_path=reverse("certificates:download", kwargs={"pk": completed.pk}),
        says=(
            "Well done: you have completed “Responding to exploitation”.",
            f"the reference {completed.reference}",
            "2.5 CPD hours",
            f"current until {completed.expires_on.day} {completed.expires_on:%B %Y}",
            "turn off emails like this one",
        ),
    )
    assert completed.is_ready  # rendered before she was told


def test_a_retried_task_sends_once(completed):
    assert tasks.send_course_completed.call(completed.pk) is False
    tasks.issue_certificate.call(
        completed.user.enrolments.get(course=completed.course).pk
    )
    assert len(mail.outbox) == 1


def test_she_can_turn_it_off(
    django_capture_on_commit_callbacks, learner, yearly_course
):
    notifications.choose_emails(user=learner, receive={"answers_marked"})
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, yearly_course)
    assert learner.certificates.exists()
    assert mail.outbox == []


def test_nothing_is_sent_when_the_completion_is_rolled_back(
    django_capture_on_commit_callbacks, learner, yearly_course
):
    def complete_then_fail():
        with transaction.atomic():
            complete(learner, yearly_course)
            raise RuntimeError("the request failed after the last lesson")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        complete_then_fail()
    assert callbacks == []
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def test_an_old_or_reissued_certificate_sends_nothing(completed, trainer):
    mail.outbox.clear()
    replacement = services.reissue(certificate=completed, by=trainer, reason="Name")
    assert tasks.send_course_completed.call(replacement.pk) is False
    Certificate.objects.filter(pk=replacement.pk).update(reissue_of=None)
    Certificate.objects.filter(pk=replacement.pk).update(
        issued_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert tasks.send_course_completed.call(replacement.pk) is False
    assert mail.outbox == []


# My learning's link ---------------------------------------------------------------


def test_my_learning_links_to_her_certificate_itself(completed, client, learner):
    client.force_login(learner)
    page = client.get(reverse("courses:my_learning")).content.decode()
    link = reverse("certificates:for_course", args=[completed.course_id])
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response.status_code == 302
    assert response.url == reverse("certificates:download", args=[completed.pk])
    pdf = client.get(response.url)
    assert pdf["Content-Type"] == "application/pdf"


def test_someone_without_that_certificate_goes_to_her_own_list(
    completed, client, other_learner
):
    client.force_login(other_learner)
    response = client.get(
        reverse("certificates:for_course", args=[completed.course_id])
    )
    assert response.status_code == 302
    assert response.url == reverse("certificates:mine")


def test_a_course_that_does_not_exist_goes_to_her_list(client, learner):
    client.force_login(learner)
    response = client.get(reverse("certificates:for_course", args=[999999]))
    assert response.url == reverse("certificates:mine")


def test_signed_out_people_are_sent_to_sign_in(completed, client):
    response = client.get(
        reverse("certificates:for_course", args=[completed.course_id])
    )
    assert response.url.startswith(reverse("accounts:login"))
