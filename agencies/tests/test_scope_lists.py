"""Every list and count on a manager's pages comes from her scope
(`agencies.selectors.Scope`): a manager of one team sees her team's invitations,
requests, assignments and people, and nothing of other teams or the agency."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from agencies import selectors, services
from agencies.models import Assignment
from agencies.selectors import Scope

from .conftest import member

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def invitations(agency, north, south, manager, other_agency, other_manager):
    """One open invitation to each team, one to the agency with no team, one in
    another agency."""
    whole = Scope(agency=agency)
    for email, team in (
        ("north.newcomer@example.org", north),
        ("south.newcomer@example.org", south),
        ("teamless.newcomer@example.org", None),
    ):
        services.invite(
            scope=whole, by=manager, email=email, full_name="New Starter", team=team
        )
    services.invite(
        scope=Scope(agency=other_agency),
        by=other_manager,
        email="elsewhere@example.org",
        full_name="Elsewhere Starter",
        team=None,
    )


def test_a_team_manager_sees_only_her_teams_open_invitations(
    client, team_manager, invitations
):
    client.force_login(team_manager)

    response = client.get(reverse("agencies:invite"))

    assertContains(response, "north.newcomer@example.org")
    for other in (
        "south.newcomer@example.org",
        "teamless.newcomer@example.org",
        "elsewhere@example.org",
    ):
        assertNotContains(response, other)


def test_the_upload_page_lists_only_her_teams_invitations_too(
    client, team_manager, invitations
):
    client.force_login(team_manager)
    upload = SimpleUploadedFile("staff.csv", b"full_name,email,team\n")

    response = client.post(reverse("agencies:upload"), {"file": upload})

    assertContains(response, "north.newcomer@example.org", status_code=200)
    assertNotContains(response, "south.newcomer@example.org", status_code=200)
    assertNotContains(response, "teamless.newcomer@example.org", status_code=200)


def test_the_agency_manager_sees_every_open_invitation_of_her_agency(
    client, manager, invitations
):
    client.force_login(manager)

    response = client.get(reverse("agencies:invite"))

    for email in (
        "north.newcomer@example.org",
        "south.newcomer@example.org",
        "teamless.newcomer@example.org",
    ):
        assertContains(response, email)
    assertNotContains(response, "elsewhere@example.org")


def test_open_invitations_come_from_the_scope(agency, north, invitations):
    team_scope = Scope(agency=agency, team_ids=frozenset({north.pk}))

    assert {i.email for i in selectors.open_invitations(team_scope)} == {
        "north.newcomer@example.org"
    }
    assert set(selectors.open_invitations(Scope(agency=agency))) == set(
        Scope(agency=agency).invitations()
    )


def test_a_team_manager_sees_only_her_teams_requests_for_more_time(
    client, team_manager, agency, manager, course, alice, bella
):
    services.assign(
        scope=Scope(agency=agency), by=manager, course=course, due_date=in_days(14)
    )
    for person in (alice, bella):
        requirement = person.user.requirements.get(course=course)
        services.request_more_time(
            user=person.user, requirement_id=requirement.pk, until=in_days(30)
        )
    client.force_login(team_manager)

    response = client.get(reverse("agencies:dashboard"))

    assertContains(response, "Requests for more time")
    assertContains(response, "Alice Adams")
    assertNotContains(response, "Bella Brown")


def test_a_team_manager_lists_only_assignments_within_her_teams(
    client, team_manager, agency, manager, course, north, south, alice, bella
):
    whole = Scope(agency=agency)
    due = in_days(14)
    services.assign(scope=whole, by=manager, course=course, due_date=due, team=north)
    services.assign(scope=whole, by=manager, course=course, due_date=due, team=south)
    services.assign(
        scope=whole, by=manager, course=course, due_date=due, membership=bella
    )
    services.assign(
        scope=whole, by=manager, course=course, due_date=due, membership=alice
    )
    client.force_login(team_manager)

    response = client.get(reverse("agencies:assignments"))
    listed = set(response.context["assignments"])

    assert listed == set(
        Assignment.objects.filter(team=north)
        | Assignment.objects.filter(user=alice.user)
    )


def test_the_join_code_is_shown_only_to_the_manager_of_the_whole_agency(
    client, agency, manager, team_manager
):
    client.force_login(team_manager)
    response = client.get(reverse("agencies:join_code"))
    assertNotContains(response, agency.join_code)
    assertContains(response, "kept by the manager of the whole agency")

    client.force_login(manager)
    assertContains(client.get(reverse("agencies:join_code")), agency.join_code)


def test_a_team_manager_of_several_teams_sees_each_of_them(
    client, agency, north, south, manager, invitations
):
    both = member(agency, north, role="manager", full_name="Tia Two-teams")
    both.managed_teams.add(north, south)
    client.force_login(both.user)

    response = client.get(reverse("agencies:invite"))

    assertContains(response, "north.newcomer@example.org")
    assertContains(response, "south.newcomer@example.org")
    assertNotContains(response, "teamless.newcomer@example.org")
