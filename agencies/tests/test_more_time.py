"""A learner asks for more time, without giving a reason; her manager agrees it
or agrees another date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import services
from agencies.models import ExtensionRequest, Requirement

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def requirement_of(membership):
    return Requirement.objects.get(user=membership.user)


def test_she_asks_for_more_time_without_a_reason(client, alice, assigned):
    requirement = requirement_of(alice)
    client.force_login(alice.user)
    url = reverse("agencies:more_time", args=[requirement.pk])
    page = client.get(url).content.decode()
    assert "You do not need to give a reason" in page
    assert 'name="reason"' not in page
    response = client.post(url, {"until": in_days(40)})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert extension.requested_date == in_days(40)
    content = client.get(reverse("courses:my_learning")).content.decode()
    assert "Your manager has not answered yet" in content


def test_bad_dates_and_repeat_requests_are_refused_with_a_message(
    client, alice, assigned
):
    requirement = requirement_of(alice)
    client.force_login(alice.user)
    url = reverse("agencies:more_time", args=[requirement.pk])
    earlier = client.post(url, {"until": in_days(1)})
    assert earlier.status_code == 400
    assert "after the current due date" in earlier.content.decode()
    assert client.post(url, {"until": "not a date"}).status_code == 400
    client.post(url, {"until": in_days(40)})
    again = client.post(url, {"until": in_days(50)})
    assert "already asked" in again.content.decode()
    assert ExtensionRequest.objects.count() == 1


def test_nobody_asks_for_more_time_on_someone_elses_course(
    client, alice, bella, assigned
):
    client.force_login(bella.user)
    url = reverse("agencies:more_time", args=[requirement_of(alice).pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"until": in_days(40)}).status_code == 404


def test_her_manager_agrees_and_the_new_date_survives_later_changes(
    client, manager, alice, assigned
):
    requirement = requirement_of(alice)
    extension = services.request_more_time(
        user=alice.user, requirement_id=requirement.pk, until=in_days(40)
    )
    client.force_login(manager)
    dashboard = client.get(reverse("agencies:dashboard")).content.decode()
    assert "Requests for more time" in dashboard
    client.post(
        reverse("agencies:decide_more_time", args=[extension.pk]),
        {"agree": "requested"},
    )
    requirement.refresh_from_db()
    assert requirement.due_date == in_days(40)
    services.sync_requirements([alice.user_id])
    requirement.refresh_from_db()
    assert requirement.due_date == in_days(40)
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.AGREED
    assert extension.decided_by == manager


def test_her_manager_agrees_a_different_date(client, manager, alice, assigned):
    extension = services.request_more_time(
        user=alice.user, requirement_id=requirement_of(alice).pk, until=in_days(60)
    )
    client.force_login(manager)
    url = reverse("agencies:decide_more_time", args=[extension.pk])
    assert client.post(url, {"other_date": ""}).status_code == 302  # nothing chosen
    assert requirement_of(alice).due_date == in_days(14)
    client.post(url, {"other_date": in_days(30)})
    assert requirement_of(alice).due_date == in_days(30)
    client.force_login(alice.user)
    content = client.get(reverse("courses:my_learning")).content.decode()
    assert "Your manager agreed a due date of" in content


def test_a_manager_elsewhere_cannot_answer(
    client, other_manager, team_manager, alice, bella, assigned
):
    extension = services.request_more_time(
        user=bella.user, requirement_id=requirement_of(bella).pk, until=in_days(60)
    )
    for user in (other_manager, team_manager):  # team manager of North; Bella is South
        client.force_login(user)
        client.post(
            reverse("agencies:decide_more_time", args=[extension.pk]),
            {"agree": "requested"},
        )
        dashboard = client.get(reverse("agencies:dashboard")).content.decode()
        assert "Requests for more time" not in dashboard
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.PENDING


def test_the_dashboard_says_overdue_with_needs_support_beside_it(
    client, manager, alice, assigned
):
    Requirement.objects.filter(user=alice.user).update(due_date=in_days(-2))
    client.force_login(manager)
    content = client.get(reverse("agencies:dashboard")).content.decode()
    # The inspector's word, with the manager's gentler one beside it: in the
    # status filter and in Alice's cell.
    assert content.count("Overdue · needs support") >= 2
