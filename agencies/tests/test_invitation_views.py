"""Accepting an emailed invitation in one step: a new person creates her account
with the invited address and joins; someone with an account signs in and
joins; someone signed in joins. The address is always the invited one."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from agencies import services
from agencies.models import Invitation, Membership
from agencies.selectors import Scope

from .conftest import member

pytestmark = pytest.mark.django_db

User = get_user_model()
INVITED = "jo.patel@probation.example.org"
NEW_PASSWORD = "a-long-passphrase-2026"


@pytest.fixture(autouse=True)
def _fresh_caches():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def invitation(agency, north, manager):
    _, invitation = services.invite(
        scope=Scope(agency=agency),
        by=manager,
        email=INVITED,
        full_name="Jo Patel",
        team=north,
    )
    return invitation


def url_of(invitation):
    return reverse("agencies:accept_invitation", args=[invitation.token])


def new_account(**extra):
    return {
        "full_name": "Jo Patel",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **extra,
    }


def signed_in_user(client):
    return client.get(reverse("courses:my_learning")).wsgi_request.user


def input_tag(content, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', content)
    assert match, f"no input named {name}"
    return match.group(0)


# A new person --------------------------------------------------------------------


def test_a_new_person_sees_her_name_and_locked_address(client, invitation):
    content = client.get(url_of(invitation)).content.decode()

    email = input_tag(content, "email")
    assert f'value="{INVITED}"' in email
    assert "readonly" in email
    assert 'autocomplete="email"' in email
    assert 'value="Jo Patel"' in input_tag(content, "full_name")
    assert 'autocomplete="name"' in input_tag(content, "full_name")
    assert 'autocomplete="new-password"' in input_tag(content, "password1")
    assert 'autocomplete="new-password"' in input_tag(content, "password2")
    assert "Create account and join Coventry Probation" in content
    # No second email, no separate "accept" step.
    assert "Check your email" not in content


def test_a_new_person_creates_her_account_and_joins_in_one_step(
    client, invitation, agency, north, mailoutbox
):
    sent_before = len(mailoutbox)
    response = client.post(url_of(invitation), new_account())

    assert response.status_code == 302
    assert response.url == reverse("courses:my_learning")
    jo = User.objects.get(email=INVITED)
    assert jo.full_name == "Jo Patel"
    assert jo.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=jo)
    assert (membership.agency, membership.team) == (agency, north)
    invitation.refresh_from_db()
    assert invitation.accepted_by == jo
    my_learning = client.get(reverse("courses:my_learning"))
    assert my_learning.wsgi_request.user == jo
    page = my_learning.content.decode()
    assert "You have joined Coventry Probation." in page
    assert "Join your agency" not in page
    assert len(mailoutbox) == sent_before  # the link already proved the address


def test_she_may_correct_her_name(client, invitation):
    client.post(url_of(invitation), new_account(full_name="  Joanna   Patel "))
    assert User.objects.get(email=INVITED).full_name == "Joanna Patel"


def test_a_posted_address_is_ignored(client, invitation):
    response = client.post(
        url_of(invitation), new_account(email="someone.else@example.org")
    )

    assert response.status_code == 302
    assert User.objects.filter(email=INVITED).exists()
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert signed_in_user(client).email == INVITED


def test_an_empty_form_shows_the_error_summary_and_saves_nothing(client, invitation):
    response = client.post(url_of(invitation), {"email": INVITED})
    content = response.content.decode()

    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary"[^>]*>', content).group(0)
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert "autofocus" in summary
    assert "There is a problem" in content
    assert '<a href="#id_full_name">Enter your full name</a>' in content
    assert '<a href="#id_password1">Enter a password</a>' in content
    assert '<a href="#id_password2">Enter the password again, to confirm it</a>' in (
        content
    )
    assert "This field is required" not in content
    # Each field's error is tied to it, and only the summary has autofocus.
    assert 'id="id_password1_error"' in content
    password1 = input_tag(content, "password1")
    assert "id_password1_error" in password1
    assert 'aria-invalid="true"' in password1
    assert content.count("autofocus") == 1
    assert "js/error-summary.js" in content
    assert not User.objects.filter(email=INVITED).exists()
    assert not Membership.objects.filter(user__email=INVITED).exists()


def test_a_weak_or_mismatched_password_saves_nothing(client, invitation):
    weak = client.post(
        url_of(invitation), new_account(password1="jo.patel", password2="jo.patel")
    ).content.decode()
    assert '<a href="#id_password1">' in weak
    mismatched = client.post(
        url_of(invitation), new_account(password2="something-else-entirely")
    ).content.decode()
    assert "The passwords do not match" in mismatched
    assert not User.objects.filter(email=INVITED).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# Invitations that cannot be used ---------------------------------------------------


def test_an_expired_invitation_says_so_and_creates_nothing(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get(url_of(invitation))
    assert page.status_code == 410
    assert "This invitation has expired" in page.content.decode()
    assert "Ask your manager to send you a new one" in page.content.decode()

    posted = client.post(url_of(invitation), new_account())
    assert posted.status_code == 410
    assert not User.objects.filter(email=INVITED).exists()


def test_a_used_invitation_says_so_and_creates_nothing(client, invitation):
    client.post(url_of(invitation), new_account())
    client.logout()
    User.objects.filter(email=INVITED).delete()

    page = client.get(url_of(invitation))
    assert page.status_code == 410
    assert "This invitation has already been used" in page.content.decode()
    client.post(url_of(invitation), new_account())
    assert not User.objects.filter(email=INVITED).exists()


def test_a_cancelled_invitation_says_so(client, invitation):
    url = url_of(invitation)
    invitation.delete()  # withdrawn, or replaced by a newer one
    page = client.get(url)
    assert page.status_code == 404
    assert "may have been cancelled or replaced" in page.content.decode()
    client.post(url, new_account())
    assert not User.objects.filter(email=INVITED).exists()


def test_no_account_is_left_behind_when_joining_fails(invitation):
    # Accepted between the page and the post: the account is not kept.
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    with pytest.raises(services.AgencyError, match="already been used"):
        services.create_account_and_join(
            token=invitation.token, full_name="Jo Patel", password=NEW_PASSWORD
        )
    assert not User.objects.filter(email=INVITED).exists()


def test_an_account_made_meanwhile_sends_her_to_sign_in(client, invitation):
    UserFactory(email=INVITED, full_name="Jo Patel")
    with pytest.raises(services.AccountExists):
        services.create_account_and_join(
            token=invitation.token, full_name="Jo Patel", password=NEW_PASSWORD
        )
    assert not Membership.objects.filter(user__email=INVITED).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# Someone with an account ----------------------------------------------------------


@pytest.fixture
def jo(db):
    return UserFactory(email=INVITED, full_name="Jo Patel")


def test_someone_with_an_account_sees_the_sign_in_form(client, invitation, jo):
    content = client.get(url_of(invitation)).content.decode()

    username = input_tag(content, "username")
    assert f'value="{INVITED}"' in username
    assert "readonly" in username
    assert 'autocomplete="email"' in username
    assert 'autocomplete="current-password"' in input_tag(content, "password")
    assert "Sign in and join Coventry Probation" in content
    assert 'name="password1"' not in content


def test_she_signs_in_and_joins_in_one_step(client, invitation, jo, agency):
    response = client.post(
        url_of(invitation),
        {"username": "someone.else@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("courses:my_learning")
    assert Membership.objects.get(user=jo).agency == agency
    assert signed_in_user(client) == jo


def test_a_wrong_password_signs_nobody_in(client, invitation, jo):
    response = client.post(url_of(invitation), {"password": "not-the-password"})
    content = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in content
    assert (
        '<a href="#id_username">The email address or password was not right.'
    ) in content
    assert not Membership.objects.filter(user=jo).exists()
    assert not signed_in_user(client).is_authenticated


def test_password_guessing_on_an_invitation_is_throttled_like_sign_in(
    client, invitation, jo, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    answers = [
        client.post(url_of(invitation), {"password": "not-the-password"}).status_code
        for _ in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]
    locked = client.post(url_of(invitation), {"password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert not Membership.objects.filter(user=jo).exists()


def test_an_empty_password_gets_a_message_for_people(client, invitation, jo):
    content = client.post(url_of(invitation), {}).content.decode()
    assert '<a href="#id_password">Enter your password</a>' in content


def test_the_password_of_another_account_does_not_sign_in(client, invitation, jo):
    UserFactory(email="mallory@example.org", password="mallorys-own-password")
    client.post(
        url_of(invitation),
        {"username": "mallory@example.org", "password": "mallorys-own-password"},
    )
    assert not signed_in_user(client).is_authenticated
    assert not Membership.objects.filter(user__email="mallory@example.org").exists()


def test_a_member_of_another_agency_is_told_plainly(client, invitation, other_agency):
    member(other_agency, email=INVITED)
    response = client.post(url_of(invitation), {"password": PASSWORD}, follow=True)
    content = response.content.decode()
    assert "You are already a member of Leicester Housing" in content
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# Someone signed in ---------------------------------------------------------------


def test_signed_in_she_joins_with_one_button(client, invitation, jo, agency):
    client.force_login(jo)
    assert "Join Coventry Probation" in client.get(url_of(invitation)).content.decode()
    response = client.post(url_of(invitation))
    assert response.url == reverse("courses:my_learning")
    assert Membership.objects.get(user=jo).agency == agency


def test_an_existing_member_is_told_she_already_belongs(client, invitation, agency):
    jo = member(agency, email=INVITED).user
    client.force_login(jo)
    assert "You are already a member of Coventry Probation" in (
        client.get(url_of(invitation)).content.decode()
    )
    response = client.post(url_of(invitation), follow=True)
    assert "You are already a member of Coventry Probation." in (
        response.content.decode()
    )
    assert Membership.objects.filter(user=jo).count() == 1


def test_signed_in_as_someone_else_nothing_happens(client, invitation, alice):
    client.force_login(alice.user)
    page = client.get(url_of(invitation)).content.decode()
    assert f"This invitation was sent to {INVITED}" in page
    response = client.post(url_of(invitation))
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.filter(email=INVITED).exists()


def test_the_page_is_not_cached(client, invitation):
    assert "no-cache" in client.get(url_of(invitation))["Cache-Control"]


# My learning's way in ------------------------------------------------------------


def test_my_learning_offers_to_join_an_agency_until_she_belongs(
    client, learner, agency
):
    client.force_login(learner)
    my_learning = reverse("courses:my_learning")
    link = f'<a href="{reverse("agencies:join")}">Join your agency</a>'
    assert link in client.get(my_learning).content.decode()

    services.join_with_code(user=learner, code=agency.join_code)
    assert "Join your agency" not in client.get(my_learning).content.decode()


def test_a_manager_is_not_offered_to_join(client, manager):
    client.force_login(manager)
    page = client.get(reverse("courses:my_learning")).content.decode()
    assert "Join your agency" not in page
