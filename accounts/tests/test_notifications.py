"""Her email choices: the Notifications page, and `notify` keeping to them."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import notifications
from accounts.models import EmailOptOut
from accounts.notifications import Kind
from agencies.models import Agency, Membership
from core.emails import absolute_url

pytestmark = pytest.mark.django_db


def _emails_ticked(page: str) -> int:
    return len(re.findall(r'<input[^>]*name="receive"[^>]*checked', page))


URL = reverse("accounts:notifications")


def _notify(user, kind, object_id=1):
    return notifications.notify(
        user=user,
        kind=kind,
        object_id=object_id,
        subject="Your answers in “Release day” have been marked",
        template="quizzes/email/attempt_marked",
        context={
            "attempt": {"quiz": {"title": "Release day"}},
            "url": absolute_url("/quizzes/attempts/1/"),
        },
    )


def test_the_page_shows_her_choices_with_every_optional_email_on(
    learner_client, django_assert_max_num_queries
):
    learner_client.get(URL)  # the header's data, cached from then on
    # Her session and account, her choices, and the page's site.
    with django_assert_max_num_queries(5):
        response = learner_client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Your settings</h1>" in page
    assert "<h2>Email notifications</h2>" in page
    offered = notifications.choices_for(user=response.wsgi_request.user)
    assert Kind.MORE_TIME_REQUESTED not in offered  # she manages nobody
    for kind in offered:
        assert f'value="{kind.value}"' in page
    assert _emails_ticked(page) == len(offered)
    # The ones she cannot turn off are listed, and why.
    assert "Emails we always send" in page
    assert str(Kind.COURSE_ASSIGNED.label) in page
    assert 'value="course_assigned"' not in page


def test_the_page_is_linked_from_the_header(learner_client):
    page = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert f'href="{URL}"' in page


def test_turning_one_off_keeps_the_other_on(learner_client, learner):
    response = learner_client.post(URL, {"receive": [Kind.ANSWERS_MARKED]})
    assert response.status_code == 302
    assert response.url == URL
    assert notifications.turned_off(user=learner) == {Kind.COURSE_COMPLETED}
    page = learner_client.get(URL).content.decode()
    assert "Your email choices are saved." in page
    assert _emails_ticked(page) == 1
    # Ticking it again turns it back on.
    learner_client.post(URL, {"receive": list(notifications.choices_for(user=learner))})
    assert notifications.turned_off(user=learner) == set()


def test_she_cannot_turn_off_an_email_that_is_always_sent(learner_client, learner):
    response = learner_client.post(
        URL, {"receive": [Kind.ANSWERS_MARKED, Kind.COURSE_ASSIGNED, "anything"]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose from the emails listed on this page." in page
    assert not EmailOptOut.objects.exists()  # nothing half-saved


def test_signed_out_people_are_sent_to_sign_in(client):
    for response in (client.get(URL), client.post(URL, {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert not EmailOptOut.objects.exists()


def test_her_choice_changes_nobody_elses(client, learner, other_learner):
    client.force_login(other_learner)
    client.post(URL, {})  # Rosa turns everything off
    assert notifications.turned_off(user=learner) == set()
    assert notifications.turned_off(user=other_learner) == set(
        notifications.OPTIONAL
    ) - set(notifications.FOR_MANAGERS)


# The managers' email: offered to managers only ------------------------------------


def _make_manager(user):
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION
    )
    Membership.objects.create(user=user, agency=agency, role=Membership.Role.MANAGER)


def test_a_learner_is_not_offered_the_managers_email(learner_client):
    page = learner_client.get(URL).content.decode()
    assert "For managers" not in page
    assert f'value="{Kind.MORE_TIME_REQUESTED.value}"' not in page


def test_a_manager_is_offered_it_and_can_turn_it_off(client, learner):
    _make_manager(learner)
    client.force_login(learner)
    page = client.get(URL).content.decode()
    assert f'value="{Kind.MORE_TIME_REQUESTED.value}"' in page
    assert "For managers" in page

    response = client.post(URL, {"receive": [Kind.ANSWERS_MARKED]})
    assert response.status_code == 302
    assert notifications.turned_off(user=learner) == {
        Kind.COURSE_COMPLETED,
        Kind.MORE_TIME_REQUESTED,
    }


def test_a_learner_cannot_choose_the_managers_email(learner_client, learner):
    response = learner_client.post(
        URL, {"receive": [Kind.ANSWERS_MARKED, Kind.MORE_TIME_REQUESTED]}
    )
    assert response.status_code == 200
    assert "Choose from the emails listed on this page." in response.content.decode()
    assert not EmailOptOut.objects.exists()  # nothing half-saved
    with pytest.raises(ValueError, match="Not emails she can choose"):
        notifications.choose_emails(user=learner, receive={Kind.MORE_TIME_REQUESTED})


def test_a_former_managers_choice_is_kept_when_she_saves_as_a_learner(
    learner_client, learner
):
    """Her manager's choice is not hers to change while she manages nobody,
    so saving her own choices leaves it as it was."""
    EmailOptOut.objects.create(user=learner, kind=Kind.MORE_TIME_REQUESTED)
    learner_client.post(URL, {"receive": [Kind.ANSWERS_MARKED]})
    assert notifications.turned_off(user=learner) == {
        Kind.COURSE_COMPLETED,
        Kind.MORE_TIME_REQUESTED,
    }
    EmailOptOut.objects.filter(kind=Kind.MORE_TIME_REQUESTED).delete()
    learner_client.post(URL, {"receive": []})
    assert Kind.MORE_TIME_REQUESTED not in notifications.turned_off(user=learner)


def test_an_optional_email_turned_off_is_not_sent(learner):
    notifications.choose_emails(user=learner, receive=set())
    assert _notify(learner, Kind.ANSWERS_MARKED) is False
    assert mail.outbox == []


def test_an_email_always_sent_is_sent_whatever_she_chose(learner):
    notifications.choose_emails(user=learner, receive=set())
    assert _notify(learner, Kind.COURSE_ASSIGNED) is True
    assert len(mail.outbox) == 1


def test_nothing_is_sent_to_an_account_no_longer_in_use(learner):
    learner.is_active = False
    learner.save()
    assert _notify(learner, Kind.COURSE_ASSIGNED) is False
    assert mail.outbox == []


def test_choosing_an_email_that_cannot_be_turned_off_is_refused(learner):
    with pytest.raises(ValueError, match="course_assigned"):
        notifications.choose_emails(user=learner, receive={Kind.COURSE_ASSIGNED})
