"""The page header is read from the cache, and every change that alters it is
seen on her next page: nobody keeps a "My staff" or "Edit content" link, or a
manager's view, after it was taken away."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_the_header_says_who_is_signed_in_from_the_cache(client, learner, catalogue):
    assert "Signed in as" not in my_learning(client)  # signed out: sent to sign in
    client.force_login(learner)
    assert f"Signed in as <strong>{learner.full_name}</strong>" in my_learning(client)
    # Once cached, the name costs nothing: the same queries as without it.
    url = reverse("courses:my_learning")
    with CaptureQueriesContext(connection) as counted:
        client.get(url)
    header_queries = [
        query["sql"]
        for query in counted.captured_queries
        if "agencies_membership" in query["sql"] or "auth_group" in query["sql"]
    ]
    assert header_queries == []

    # She changes her name (or the privacy tools blank it): her next page says so.
    learner.full_name = ""
    learner.save()
    assert f"Signed in as <strong>{learner.email}</strong>" in my_learning(client)
    learner.full_name = "Jo Patel"
    learner.save()
    assert "Signed in as <strong>Jo Patel</strong>" in my_learning(client)


def test_the_name_in_the_header_is_escaped(client, learner, catalogue):
    learner.full_name = "<script>alert(1)</script>"
    learner.save()
    client.force_login(learner)
    page = my_learning(client)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_menu_button_is_hidden_until_its_script_shows_it(
    client, learner, catalogue
):
    """Without JavaScript every link shows; menu.js reveals the button and it
    names the links it opens."""
    client.force_login(learner)
    page = my_learning(client)
    assert (
        '<button type="button" class="menu-button" aria-expanded="false" '
        'aria-controls="site-nav" hidden data-menu-button>Menu</button>'
    ) in page
    assert '<ul class="site-nav" id="site-nav">' in page
    assert '<script src="/static/js/menu.js" defer></script>' in page
