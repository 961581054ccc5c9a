import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies.models import Agency, Membership
from privacy import selectors, services, tasks
from privacy.models import RetentionNotice

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def policy(settings):
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 1095
    settings.INACTIVE_ACCOUNT_WARNING_DAYS = 30


def seen(user, days_ago: float, *, now):
    user.last_login = now - datetime.timedelta(days=days_ago)
    user.save(update_fields=["last_login"])
    return user


@pytest.fixture
def now():
    return timezone.now()


def erased(user) -> bool:
    user.refresh_from_db()
    return selectors.is_erased(user)


def test_an_inactive_learner_is_warned_once_then_erased(learner, now):
    seen(learner, 1095 - 30 + 1, now=now)

    run = services.erase_inactive_accounts(now=now)
    assert run.warned == [learner]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leah@example.org"]
    assert "sign in" in message.body
    erase_after = timezone.localdate(now) + 30 * DAY
    assert f"{erase_after:%-d %B %Y}" in message.body

    # The next day: no second email, nothing erased yet.
    run = services.erase_inactive_accounts(now=now + DAY)
    assert run.warned == run.erased == []
    assert len(mail.outbox) == 1

    # 30 days after the warning she is past the retention period: erased.
    run = services.erase_inactive_accounts(now=now + 30 * DAY)
    assert run.erased == [learner]
    assert erased(learner)
    assert not RetentionNotice.objects.exists()

    # And never again.
    run = services.erase_inactive_accounts(now=now + 31 * DAY)
    assert run.warned == run.erased == []


def test_signing_in_after_the_warning_keeps_her_account(learner, now):
    seen(learner, 1095 - 29, now=now)
    services.erase_inactive_accounts(now=now)
    assert RetentionNotice.objects.filter(user=learner).exists()

    seen(learner, 0, now=now + 2 * DAY)  # she signs in two days later
    run = services.erase_inactive_accounts(now=now + 40 * DAY)

    assert run.erased == []
    assert run.warned == []
    assert not erased(learner)
    assert not RetentionNotice.objects.exists()  # the warning is void


def test_nobody_is_erased_without_a_warning_first(learner, now):
    """Turning the policy on for an account already past it warns first."""
    seen(learner, 2000, now=now)
    run = services.erase_inactive_accounts(now=now)
    assert run.warned == [learner]
    assert run.erased == []
    assert not erased(learner)


def test_a_learner_who_never_signed_in_counts_from_joining(now):
    never = UserFactory(date_joined=now - 1100 * DAY)
    recent = UserFactory(date_joined=now - 10 * DAY)
    run = services.erase_inactive_accounts(now=now)
    assert run.warned == [never]
    assert recent not in run.warned


def test_agency_managers_are_included(now):
    agency = Agency.objects.create(name="Coventry Probation", kind="probation")
    manager = UserFactory()
    Membership.objects.create(user=manager, agency=agency, role=Membership.Role.MANAGER)
    seen(manager, 1095, now=now)
    assert services.erase_inactive_accounts(now=now).warned == [manager]


@pytest.mark.parametrize("who", ["trainer", "admin_user", "staff"])
def test_people_with_admin_access_are_left_alone(request, who, now):
    if who == "staff":
        user = UserFactory(is_staff=True)
    else:
        user = request.getfixturevalue(who)
    seen(user, 5000, now=now)
    run = services.erase_inactive_accounts(now=now)
    run = services.erase_inactive_accounts(now=now + 60 * DAY)
    assert user not in run.warned + run.erased
    assert not erased(user)
    assert not mail.outbox


def test_a_deactivated_account_is_erased_without_a_warning(learner, now):
    learner.is_active = False
    learner.save()
    seen(learner, 1096, now=now)
    run = services.erase_inactive_accounts(now=now)
    assert run.erased == [learner]
    assert not mail.outbox


def test_zero_turns_retention_off(settings, learner, now):
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 0
    seen(learner, 5000, now=now)
    run = services.erase_inactive_accounts(now=now)
    assert run.warned == run.erased == []


def test_a_failed_email_leaves_no_warning_recorded(learner, now, monkeypatch):
    seen(learner, 1095 - 10, now=now)

    def broken(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mail", broken)
    run = services.erase_inactive_accounts(now=now)
    assert run.failed == [learner.pk]
    assert run.warned == []
    assert not RetentionNotice.objects.exists()


def test_a_failed_warning_does_not_stop_the_next_person(
    learner, other_learner, now, monkeypatch, caplog
):
    assert learner.pk < other_learner.pk  # she comes first in the run
    seen(learner, 1095 - 10, now=now)
    seen(other_learner, 1095 - 10, now=now)
    real_send_mail = services.send_mail

    def broken_for_leah(**kwargs):
        if kwargs["recipient_list"] == ["leah@example.org"]:
            raise ConnectionRefusedError
        return real_send_mail(**kwargs)

    monkeypatch.setattr(services, "send_mail", broken_for_leah)
    run = services.erase_inactive_accounts(now=now)

    assert run.failed == [learner.pk]
    assert run.warned == [other_learner]
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]]
    assert list(RetentionNotice.objects.values_list("user", flat=True)) == [
        other_learner.pk
    ]
    assert f"could not warn account {learner.pk}" in caplog.text
    assert "leah@example.org" not in caplog.text


def test_a_failed_erasure_does_not_stop_the_next_person(
    learner, other_learner, now, monkeypatch
):
    for user in [learner, other_learner]:
        user.is_active = False  # erased without a warning
        user.save()
        seen(user, 1096, now=now)
    real_erase = services.erase_account

    def broken_for_leah(user, **kwargs):
        if user.pk == learner.pk:
            raise RuntimeError("disk full")
        return real_erase(user, **kwargs)

    monkeypatch.setattr(services, "erase_account", broken_for_leah)
    run = services.erase_inactive_accounts(now=now)

    assert run.failed == [learner.pk]
    assert run.erased == [other_learner]
    assert not erased(learner)
    assert erased(other_learner)


def test_the_command_lists_failures_and_exits_with_an_error(
    learner, other_learner, now, monkeypatch
):
    seen(learner, 1095 - 10, now=now)
    seen(other_learner, 1095 - 10, now=now)
    real_send_mail = services.send_mail

    def broken_for_leah(**kwargs):
        if kwargs["recipient_list"] == ["leah@example.org"]:
            raise ConnectionRefusedError
        return real_send_mail(**kwargs)

    monkeypatch.setattr(services, "send_mail", broken_for_leah)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 account"):
        call_command("erase_inactive_accounts", stdout=out, stderr=err)
    assert "Warned 1 account(s); erased 0." in out.getvalue()
    assert f"Failed: account {learner.pk}" in err.getvalue()
    assert len(mail.outbox) == 1

    # The task counts the failure instead.
    RetentionNotice.objects.all().delete()
    mail.outbox.clear()
    result = tasks.erase_inactive_accounts.enqueue()
    assert result.return_value == {"warned": 1, "erased": 0, "failed": 1}


def test_signing_in_during_the_run_keeps_her_account(learner, now, monkeypatch):
    """The run reads its list first; she may sign in before her turn comes."""
    learner.is_active = False
    learner.save()
    seen(learner, 1096, now=now)
    real_erase = services.erase_account

    def she_signs_in_first(user, **kwargs):
        type(user).objects.filter(pk=user.pk).update(last_login=now)
        return real_erase(user, **kwargs)

    monkeypatch.setattr(services, "erase_account", she_signs_in_first)
    run = services.erase_inactive_accounts(now=now)

    assert run.erased == run.failed == []
    assert not erased(learner)


def test_erase_account_keeps_someone_seen_after_the_cut_off(learner, now):
    stale = learner  # as the run read her
    seen(learner, 1096, now=now)
    type(learner).objects.filter(pk=learner.pk).update(last_login=now)

    erasure = services.erase_account(
        stale, reason="test", inactive_before=now - 1095 * DAY
    )
    assert erasure.signed_in_since
    assert not erased(learner)

    # Still inactive: erased as usual.
    type(learner).objects.filter(pk=learner.pk).update(last_login=now - 1096 * DAY)
    erasure = services.erase_account(
        learner, reason="test", inactive_before=now - 1095 * DAY
    )
    assert not erasure.signed_in_since
    assert erased(learner)


def test_a_learner_who_never_signed_in_is_kept_if_she_joined_after_the_cut_off(now):
    newcomer = UserFactory(date_joined=now - 10 * DAY)
    erasure = services.erase_account(
        newcomer, reason="test", inactive_before=now - 1095 * DAY
    )
    assert erasure.signed_in_since
    assert not erased(newcomer)


def test_the_warning_says_erased_and_the_period_in_years(learner, now):
    seen(learner, 1095 - 10, now=now)
    services.erase_inactive_accounts(now=now)
    message = mail.outbox[0]
    assert "erased" in message.subject
    assert "deleted" not in message.subject
    assert "not been used for three years." in message.body
    assert "1095" not in message.body
    assert "just" not in message.body


@pytest.mark.parametrize(
    ("days", "said"),
    [(1095, "three years"), (365, "one year"), (3650, "10 years"), (400, "400 days")],
)
def test_the_retention_period_is_said_in_years_when_it_is_whole_years(days, said):
    assert services.retention_period(days) == said


def test_dry_run_lists_who_and_changes_nothing(learner, other_learner, now):
    seen(learner, 1095 - 10, now=now)  # due a warning
    seen(other_learner, 1200, now=now)
    RetentionNotice.objects.create(
        user=other_learner,
        sent_at=timezone.now() - 31 * DAY,
        erase_after=timezone.localdate(),
    )
    out = io.StringIO()
    call_command("erase_inactive_accounts", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would warn: leah@example.org" in text
    assert "Would erase: rosa@example.org" in text
    assert "Nothing was changed" in text
    assert not mail.outbox
    assert not erased(other_learner)
    assert RetentionNotice.objects.count() == 1


def test_the_command_and_the_task_run_the_policy(learner, other_learner, now):
    seen(learner, 1095 - 10, now=now)
    out = io.StringIO()
    call_command("erase_inactive_accounts", stdout=out)
    assert "Warned 1 account(s); erased 0." in out.getvalue()

    seen(other_learner, 1095 - 10, now=now)
    result = tasks.erase_inactive_accounts.enqueue()
    assert result.return_value == {"warned": 1, "erased": 0, "failed": 0}
    assert len(mail.outbox) == 2


def test_the_command_says_when_retention_is_off(settings):
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 0
    out = io.StringIO()
    call_command("erase_inactive_accounts", stdout=out)
    assert "Retention is off" in out.getvalue()
