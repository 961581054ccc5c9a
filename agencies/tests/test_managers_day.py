"""The manager's day: where she lands, the words for overdue, the charts,
changing and removing assignments, and pending invitations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.tests.factories import PASSWORD
from agencies import services
from agencies.models import Assignment
from agencies.selectors import Scope
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


# --- Landing after sign-in ----------------------------------------------------


def test_a_manager_lands_on_her_agency_dashboard(client, manager):
    response = client.post(
        reverse("accounts:login"), {"username": manager.email, "password": PASSWORD}
    )

    assertRedirects(response, reverse("agencies:dashboard"))


def test_a_learner_lands_on_my_learning(client, alice):
    response = client.post(
        reverse("accounts:login"),
        {"username": alice.user.email, "password": PASSWORD},
    )

    assertRedirects(response, reverse("courses:my_learning"))


def test_a_manager_asking_for_a_page_goes_there(client, manager):
    wanted = reverse("courses:my_learning")
    response = client.post(
        reverse("accounts:login") + f"?next={wanted}",
        {"username": manager.email, "password": PASSWORD, "next": wanted},
    )

    assertRedirects(response, wanted)
