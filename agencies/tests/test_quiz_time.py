"""More time on timed quizzes: her manager agrees it, or Kairos when she is in no
agency; nobody else can, and a wrong value is refused with a clear message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from agencies import services
from agencies.selectors import manager_scope
from agencies.tests.conftest import member
from audit.models import AuditEvent
from quizzes import adjustments
from quizzes.models import TimeAdjustment

pytestmark = pytest.mark.django_db

UNKNOWN = "Choose 1.25 times, 1.5 times or twice the usual time, or no time limit."


def agree_url(membership):
    return reverse("agencies:agree_quiz_time", args=[membership.pk])


def test_her_manager_sees_the_request_and_agrees_one_and_a_half_times(
    client, manager, alice, agency
):
    adjustments.request_more_time(user=alice.user)
    client.force_login(manager)

    dashboard = client.get(reverse("agencies:dashboard"))
    assertContains(dashboard, "Requests for more time on timed quizzes")
    assertContains(dashboard, "Alice Adams")

    response = client.post(
        agree_url(alice), {"multiplier": "1.5", "back": "dashboard"}, follow=True
    )

    assertContains(response, "Alice Adams now has 1.5 times the usual time")
    adjustment = TimeAdjustment.objects.get(user=alice.user)
    assert (adjustment.multiplier, adjustment.granted_by) == ("1.5", manager)
    assert not adjustment.is_pending
    event = AuditEvent.objects.get(action=AuditEvent.Action.QUIZ_TIME_AGREED)
    assert event.agency == agency
    assertNotContains(
        client.get(reverse("agencies:dashboard")),
        "Requests for more time on timed quizzes",
    )


def test_the_person_page_shows_her_adjustment_and_a_form(client, manager, alice):
    client.force_login(manager)
    url = reverse("agencies:person", args=[alice.pk])
    assertContains(client.get(url), "She has the usual time on timed quizzes")

    client.post(agree_url(alice), {"multiplier": "2"})

    assertContains(client.get(url), "She has twice the usual time on every timed")


def test_another_agencys_manager_gets_a_404_and_changes_nothing(
    client, other_manager, alice
):
    adjustments.request_more_time(user=alice.user)
    client.force_login(other_manager)

    assertNotContains(client.get(reverse("agencies:dashboard")), "Alice Adams")
    response = client.post(agree_url(alice), {"multiplier": "2"})

    assert response.status_code == 404
    assert TimeAdjustment.objects.get(user=alice.user).multiplier == ""


def test_a_manager_of_other_teams_gets_a_404(client, team_manager, bella):
    client.force_login(team_manager)
    assert client.post(agree_url(bella), {"multiplier": "2"}).status_code == 404
    assert not TimeAdjustment.objects.exists()


def test_a_learner_cannot_agree_time_for_herself(client, alice):
    client.force_login(alice.user)
    assert client.post(agree_url(alice), {"multiplier": "2"}).status_code == 404
    assert not TimeAdjustment.objects.exists()


def test_a_manager_cannot_agree_time_for_herself(manager, agency):
    scope = manager_scope(manager)
    with pytest.raises(services.AgencyError, match="for yourself"):
        services.agree_quiz_time(
            scope=scope,
            by=manager,
            membership_id=manager.membership.pk,
            multiplier="2",
        )
    assert not TimeAdjustment.objects.exists()


@pytest.mark.parametrize("multiplier", ["3", "", "0.5"])
def test_an_unknown_multiplier_is_refused_with_a_clear_message(
    client, manager, alice, multiplier
):
    client.force_login(manager)

    response = client.post(agree_url(alice), {"multiplier": multiplier}, follow=True)

    assertContains(response, UNKNOWN)
    assert not TimeAdjustment.objects.exists()
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.QUIZ_TIME_AGREED
    ).exists()


# Kairos, for people in no agency ---------------------------------------------------


def test_a_trainer_agrees_time_for_someone_in_no_agency(client, trainer, learner):
    adjustments.request_more_time(user=learner)
    client.force_login(trainer)
    url = reverse("agencies_quiz_time")
    assertContains(client.get(url), "Leah Morgan")

    response = client.post(url, {"user": learner.pk, "multiplier": "none"}, follow=True)

    assertContains(response, "Leah Morgan now has no time limit on timed quizzes")
    assert TimeAdjustment.objects.get(user=learner).multiplier == "none"


def test_a_trainer_cannot_agree_time_for_agency_staff(client, trainer, alice):
    adjustments.request_more_time(user=alice.user)
    client.force_login(trainer)
    url = reverse("agencies_quiz_time")
    assertNotContains(client.get(url), "Alice Adams")

    response = client.post(url, {"user": alice.user.pk, "multiplier": "2"}, follow=True)

    assertContains(response, "her manager decides")
    assert TimeAdjustment.objects.get(user=alice.user).multiplier == ""


def test_the_trainer_page_is_for_trainers_only(client, manager, learner):
    adjustments.request_more_time(user=learner)
    client.force_login(manager)
    url = reverse("agencies_quiz_time")
    response = client.post(url, {"user": learner.pk, "multiplier": "2"})
    assert response.status_code in (302, 403)
    assert TimeAdjustment.objects.get(user=learner).multiplier == ""


def test_the_trainer_page_refuses_an_unknown_multiplier(client, trainer, learner):
    client.force_login(trainer)
    response = client.post(
        reverse("agencies_quiz_time"),
        {"user": learner.pk, "multiplier": "10"},
        follow=True,
    )
    assertContains(response, UNKNOWN)
    assert not TimeAdjustment.objects.exists()


def test_the_dashboard_reads_requests_in_the_same_queries_for_one_or_five(
    client, manager, agency
):
    def queries_with(count):
        for number in range(count - TimeAdjustment.objects.count()):
            person = member(agency, full_name=f"Person {count}-{number}")
            adjustments.request_more_time(user=person.user)
        client.get(reverse("agencies:dashboard"))  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("agencies:dashboard"))
        assertContains(response, f"Person {count}-0")
        return len(queries)

    client.force_login(manager)
    assert queries_with(1) == queries_with(5)
