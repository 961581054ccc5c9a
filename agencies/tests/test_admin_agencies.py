"""Kairos admins set up agencies, teams and managers in the Wagtail admin."""

import pytest
from django.urls import reverse

from agencies.models import Agency, Membership, Requirement

pytestmark = pytest.mark.django_db


def test_an_admin_creates_an_agency(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("agency:add"),
        {"name": "HMP Example", "kind": "prison", "region": "East Midlands"},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="HMP Example")
    assert len(agency.join_code) == 8


def test_memberships_are_never_added_by_hand(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("membership:add")).status_code in (302, 403)


def test_making_someone_a_team_manager_and_moving_her_team(
    client, admin_user, alice, south, north, assigned
):
    client.force_login(admin_user)
    response = client.post(
        reverse("membership:edit", args=[alice.pk]),
        {"team": south.pk, "role": "manager", "managed_teams": [south.pk]},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.team == south
    assert alice.is_manager
    assert list(alice.managed_teams.all()) == [south]


def test_removing_someone_from_an_agency_removes_her_requirements(
    client, admin_user, alice, assigned
):
    assert Requirement.objects.filter(user=alice.user).exists()
    client.force_login(admin_user)
    response = client.post(reverse("membership:delete", args=[alice.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=alice.pk).exists()
    assert not Requirement.objects.filter(user=alice.user).exists()


def test_trainers_and_managers_cannot_edit_agencies(client, trainer, manager, agency):
    for user in (trainer, manager):
        client.force_login(user)
        response = client.get(reverse("agency:edit", args=[agency.pk]))
        assert response.status_code in (302, 403)
