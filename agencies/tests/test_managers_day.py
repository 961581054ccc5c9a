"""The manager's day: where she lands, the words for overdue, the charts,
changing and removing assignments, and pending invitations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts import notifications
from accounts.tests.factories import PASSWORD
from agencies import charts, notices, services, tasks
from agencies.models import Assignment, Invitation, Requirement
from agencies.selectors import MonthCount, Rate, Scope
from audit.models import AuditEvent
from courses.tests.factories import complete_course, make_course
from operations.services import RETRYABLE_TASKS

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


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


# --- "Overdue", with "needs support" beside it --------------------------------


def test_the_person_page_says_overdue_and_the_learner_reads_past_its_due_date(
    client, manager, alice, assigned
):
    Requirement.objects.filter(user=alice.user).update(due_date=in_days(-2))
    client.force_login(manager)
    person = client.get(reverse("agencies:person", args=[alice.pk]))
    assertContains(person, "Overdue · needs support")

    client.force_login(alice.user)
    mine = client.get(reverse("courses:my_learning"))
    assertContains(mine, "Past its due date")
    assertNotContains(mine, "Overdue")


def test_the_status_filter_offers_overdue(client, manager, assigned):
    client.force_login(manager)
    response = client.get(reverse("agencies:dashboard"))
    assertContains(
        response, '<option value="overdue">Overdue · needs support</option>', html=True
    )


# --- Charts -------------------------------------------------------------------


def test_a_long_course_title_wraps_onto_lines_and_keeps_every_word():
    title = "Ease day: supporting women leaving custody through the gate and beyond"
    chart = charts.rate_bars([Rate(title, 10, 4), Rate("Short", 2, 1)])
    first, second = chart["bars"]
    assert " ".join(line.text for line in first.lines) == title
    assert len(first.lines) > 1
    assert all(len(line.text) <= charts.LABEL_CHARS for line in first.lines)
    # The rows do not overlap: the next starts below the wrapped label.
    assert second.y > first.lines[-1].y
    assert chart["height"] >= second.y + charts.BAR_HEIGHT


def test_the_dashboard_draws_the_whole_title_and_months_with_years(
    client, manager, catalogue, alice
):
    title = "Ease day: supporting women leaving custody through the gate and beyond"
    long_course = make_course(catalogue=catalogue, lessons=1, title=title)
    services.assign(
        scope=Scope(agency=alice.agency),
        by=manager,
        course=long_course,
        due_date=in_days(14),
    )
    client.force_login(manager)
    content = client.get(reverse("agencies:dashboard")).content.decode()
    assert "…" not in content
    for line in charts.wrap_label(title):
        assert f">{line}</tspan>" in content
    this_month = timezone.localdate()
    assert f">{this_month:%b}</tspan>" in content
    assert f">{this_month:%Y}</tspan>" in content
    columns = charts.month_columns([MonthCount(this_month.replace(day=1), 3)])
    assert columns["columns"][0].label == f"{this_month:%b %Y}"


def test_every_chart_follows_the_status_filter(client, manager, alice, bella, assigned):
    complete_course(user=alice.user, course=assigned)
    Requirement.objects.filter(user=bella.user).update(due_date=in_days(-2))
    client.force_login(manager)
    url = reverse("agencies:dashboard")

    everyone = client.get(url).context  # Alice, Bella and the manager herself
    assert [(r.done, r.total) for r in everyone["course_rates"]] == [(1, 3)]

    overdue = client.get(url, {"status": "overdue"}).context
    assert [(r.done, r.total) for r in overdue["course_rates"]] == [(0, 1)]
    assert [r.label for r in overdue["team_rates"]] == ["South"]
    assert sum(month.count for month in overdue["months"]) == 0

    completed = client.get(url, {"status": "completed"})
    assert [(r.done, r.total) for r in completed.context["course_rates"]] == [(1, 1)]
    assert [r.label for r in completed.context["team_rates"]] == ["North"]
    assert sum(month.count for month in completed.context["months"]) == 1
    # The drawn charts are cached under a key that includes the status.
    assertContains(completed, "100% (1 of 1)")


# --- Due dates ----------------------------------------------------------------


@pytest.fixture
def assignment(assigned, agency):
    return Assignment.objects.get(agency=agency, course=assigned)


def test_a_manager_changes_a_due_date_and_everyone_is_emailed(
    client, manager, alice, assignment, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    url = reverse("agencies:change_due_date", args=[assignment.pk])
    assertContains(client.get(url), "Change the due date")
    before = assignment.due_date
    new = in_days(30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"due_date": new.isoformat()}, follow=True)

    assertContains(response, f"now due {new:%-d %B %Y}")
    assignment.refresh_from_db()
    assert assignment.due_date == new
    assert Requirement.objects.get(user=alice.user).due_date == new
    assert "alice@x.org" in {m.to[0] for m in mailoutbox}
    event = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGNMENT_CHANGED)
    assert event.actor == manager
    assert event.details["before"] == {"due_date": before.isoformat()}
    assert event.details["after"] == {"due_date": new.isoformat()}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a due date"),
        ("31/02/2027", "Enter a real date"),
        ("2020-01-01", "Choose a due date from today onwards"),
    ],
)
def test_a_bad_due_date_says_why_and_changes_nothing(
    client, manager, assignment, value, message
):
    before = assignment.due_date
    client.force_login(manager)
    response = client.post(
        reverse("agencies:change_due_date", args=[assignment.pk]), {"due_date": value}
    )
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assignment.refresh_from_db()
    assert assignment.due_date == before
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.ASSIGNMENT_CHANGED
    ).exists()


def test_the_same_due_date_changes_nothing(client, manager, assignment):
    client.force_login(manager)
    response = client.post(
        reverse("agencies:change_due_date", args=[assignment.pk]),
        {"due_date": assignment.due_date.isoformat()},
        follow=True,
    )
    assertContains(response, "already its due date")
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.ASSIGNMENT_CHANGED
    ).exists()


def _manager_pages(assignment, invitation=None):
    pages = [
        ("get", reverse("agencies:change_due_date", args=[assignment.pk])),
        ("post", reverse("agencies:change_due_date", args=[assignment.pk])),
        ("get", reverse("agencies:unassign", args=[assignment.pk])),
        ("post", reverse("agencies:unassign", args=[assignment.pk])),
    ]
    if invitation is not None:
        pages += [
            ("post", reverse("agencies:resend_invitation", args=[invitation.pk])),
            ("post", reverse("agencies:cancel_invitation", args=[invitation.pk])),
        ]
    return pages


@pytest.fixture
def invitation(agency, manager, north):
    _, invitation = services.invite(
        scope=Scope(agency=agency),
        by=manager,
        email="new@x.org",
        full_name="Nell New",
        team=north,
    )
    return invitation


@pytest.mark.parametrize("who", ["other_manager", "learner"])
def test_another_agencys_manager_and_a_learner_get_404_and_change_nothing(
    client, request, assignment, invitation, alice, who
):
    user = (
        request.getfixturevalue("other_manager")
        if who == "other_manager"
        else (alice.user)
    )
    client.force_login(user)
    for method, url in _manager_pages(assignment, invitation):
        data = {"due_date": in_days(40).isoformat()}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, url
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


def test_a_team_manager_cannot_change_an_agency_wide_assignment(
    client, team_manager, assignment
):
    client.force_login(team_manager)
    for method, url in _manager_pages(assignment):
        assert getattr(client, method)(url).status_code == 404


# --- Removing, with confirmation and undo ---------------------------------------


def test_removing_asks_first_then_can_be_undone(client, manager, alice, assignment):
    client.force_login(manager)
    url = reverse("agencies:unassign", args=[assignment.pk])

    confirm = client.get(url)
    assertContains(confirm, "Remove this assignment?")
    assertContains(confirm, "24 hours")
    assert Assignment.objects.filter(pk=assignment.pk).exists()  # GET writes nothing

    page = client.post(url, follow=True)
    assertContains(page, "is no longer assigned")
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert not Requirement.objects.filter(user=alice.user).exists()
    removal = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGNMENT_REMOVED)
    assertContains(page, reverse("agencies:restore_assignment", args=[removal.pk]))

    undone = client.post(
        reverse("agencies:restore_assignment", args=[removal.pk]), follow=True
    )
    assertContains(undone, "again, due on the same date as before")
    restored = Assignment.objects.get(
        agency=assignment.agency, course=assignment.course
    )
    assert restored.due_date == assignment.due_date
    assert Requirement.objects.get(user=alice.user).due_date == assignment.due_date
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ASSIGNMENT_CREATED, details__restores=removal.pk
    ).exists()
    assertNotContains(undone, "Removed by mistake?")

    again = client.post(
        reverse("agencies:restore_assignment", args=[removal.pk]), follow=True
    )
    assertContains(again, "already been undone")
    assert Assignment.objects.filter(agency=assignment.agency).count() == 1


def test_undo_is_offered_for_24_hours_only(client, manager, assignment):
    client.force_login(manager)
    client.post(reverse("agencies:unassign", args=[assignment.pk]))
    removal = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGNMENT_REMOVED)
    AuditEvent.objects.filter(pk=removal.pk).update(
        when=timezone.now() - datetime.timedelta(hours=25)
    )
    assertNotContains(
        client.get(reverse("agencies:assignments")), "Removed by mistake?"
    )
    response = client.post(
        reverse("agencies:restore_assignment", args=[removal.pk]), follow=True
    )
    assertContains(response, "can be undone for 24 hours")
    assert not Assignment.objects.filter(agency=assignment.agency).exists()


def test_another_agencys_manager_cannot_undo_a_removal(
    client, manager, other_manager, assignment
):
    client.force_login(manager)
    client.post(reverse("agencies:unassign", args=[assignment.pk]))
    removal = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGNMENT_REMOVED)
    client.force_login(other_manager)
    url = reverse("agencies:restore_assignment", args=[removal.pk])
    assert client.post(url).status_code == 404
    assert not Assignment.objects.filter(agency=assignment.agency).exists()


# --- Invitations: resend and cancel ----------------------------------------------


def test_the_invite_page_lists_pending_invitations_with_resend_and_cancel(
    client, manager, invitation, django_assert_max_num_queries
):
    client.force_login(manager)
    # 13 with an empty cache: one is the languages' locales, read once and kept.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("agencies:invite"))
    assertContains(response, "new@x.org")
    assertContains(
        response, reverse("agencies:resend_invitation", args=[invitation.pk])
    )
    assertContains(
        response, reverse("agencies:cancel_invitation", args=[invitation.pk])
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.INVITATION_SENT, target_id=str(invitation.pk)
    ).exists()


def test_resending_emails_the_link_again_and_extends_it(
    client, manager, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agencies:resend_invitation", args=[invitation.pk]), follow=True
        )
    assertContains(response, "Invitation sent again to new@x.org")
    assert [m.to for m in mailoutbox] == [["new@x.org"]]
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_RESENT)
    assert event.actor == manager
    assert set(event.details["expires_at"]) == {"from", "to"}


def test_a_cancelled_invitations_link_says_it_was_cancelled(
    client, manager, invitation
):
    client.force_login(manager)
    response = client.post(
        reverse("agencies:cancel_invitation", args=[invitation.pk]), follow=True
    )
    assertContains(response, "is cancelled")
    assertNotContains(
        response, reverse("agencies:cancel_invitation", args=[invitation.pk])
    )
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.INVITATION_CANCELLED, actor=manager
    ).exists()

    client.logout()
    link = client.get(reverse("agencies:accept_invitation", args=[invitation.token]))
    assert link.status_code == 410
    assertContains(link, "was cancelled", status_code=410)
    with pytest.raises(services.AgencyError):
        services.create_account_and_join(
            token=invitation.token, full_name="Nell New", password="a-long-pass-phrase"
        )


def test_a_cancelled_invitation_cannot_be_resent_or_cancelled_again(
    client, manager, invitation
):
    services.cancel_invitation(
        scope=Scope(agency=invitation.agency), by=manager, invitation_id=invitation.pk
    )
    client.force_login(manager)
    for name in ("resend_invitation", "cancel_invitation"):
        response = client.post(
            reverse(f"agencies:{name}", args=[invitation.pk]), follow=True
        )
        assertContains(response, "already been cancelled")
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.INVITATION_CANCELLED).count()
        == 1
    )


def test_after_cancelling_the_person_can_be_invited_again(manager, invitation, north):
    scope = Scope(agency=invitation.agency)
    services.cancel_invitation(scope=scope, by=manager, invitation_id=invitation.pk)
    outcome, fresh = services.invite(
        scope=scope, by=manager, email="new@x.org", full_name="Nell New", team=north
    )
    assert outcome == services.Outcome.INVITED
    assert fresh.pk != invitation.pk


# --- Managers hear of requests for more time -------------------------------------


def test_her_managers_are_emailed_once_when_she_asks_for_more_time(
    client,
    manager,
    team_manager,
    other_manager,
    alice,
    bella,
    assigned,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    requirement = Requirement.objects.get(user=alice.user)
    client.force_login(alice.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("agencies:more_time", args=[requirement.pk]),
            {"until": (requirement.due_date + datetime.timedelta(days=7)).isoformat()},
        )
    extension = requirement.extension_requests.get()
    # The agency's manager and Alice's team manager (North); nobody else.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [manager.email, team_manager.email]
    )
    message = mailoutbox[0]
    assert "Alice Adams has asked for more time" in message.subject
    assert reverse("agencies:dashboard") in message.body
    # Run again (a retry), nothing more is sent.
    tasks.send_more_time_requested.enqueue(extension.pk)
    assert len(mailoutbox) == 2


def test_a_manager_can_turn_these_emails_off(manager, alice, assigned, mailoutbox):
    notifications.choose_emails(user=manager, receive=set())
    requirement = Requirement.objects.get(user=alice.user)
    extension = services.request_more_time(
        user=alice.user,
        requirement_id=requirement.pk,
        until=requirement.due_date + datetime.timedelta(days=7),
    )
    assert notices.more_time_requested(extension.pk) == 0
    assert mailoutbox == []


def test_the_retry_list_has_the_new_task():
    assert "agencies.tasks.send_more_time_requested" in RETRYABLE_TASKS


# --- Invitation emails: once per sending ------------------------------------------


def test_an_invitation_email_goes_once_however_often_its_task_runs(
    manager, agency, north, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _, invitation = services.invite(
            scope=Scope(agency=agency),
            by=manager,
            email="twice@x.org",
            full_name="Tess Twice",
            team=north,
        )
    assert [m.to for m in mailoutbox] == [["twice@x.org"]]
    # The same sending run again (a retry, or a second worker): nothing more.
    for callback in callbacks:
        callback()
    version = f"until:{invitation.expires_at.isoformat()}"
    assert tasks.send_invitation.call(invitation.pk, version) is False
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert notices.invitation_url(invitation) in message.body
    # A plain-text and an HTML part, as every email has; no footer about
    # notification settings for someone with no account yet.
    assert message.alternatives[0][1] == "text/html"
    assert "notification settings" not in message.body
    assert "you can ignore this email" in message.body


def test_sending_an_invitation_again_sends_a_new_email(
    manager, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    scope = Scope(agency=invitation.agency)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.resend_invitation(
                scope=scope, by=manager, invitation_id=invitation.pk
            )
    assert [m.to for m in mailoutbox] == [["new@x.org"], ["new@x.org"]]


def test_a_cancelled_invitation_is_not_emailed(manager, invitation, mailoutbox):
    services.cancel_invitation(
        scope=Scope(agency=invitation.agency), by=manager, invitation_id=invitation.pk
    )
    assert tasks.send_invitation.call(invitation.pk, "again") is False
    assert mailoutbox == []


# --- Undo puts back the more time agreed -------------------------------------------


def _agree_more_time(manager, alice, days):
    requirement = Requirement.objects.get(user=alice.user)
    extension = services.request_more_time(
        user=alice.user, requirement_id=requirement.pk, until=in_days(days)
    )
    services.decide_more_time(
        scope=Scope(agency=alice.agency), by=manager, request_id=extension.pk
    )


def test_undoing_a_removal_puts_back_the_more_time_agreed(manager, alice, assignment):
    _agree_more_time(manager, alice, 40)
    removal = services.unassign(assignment=assignment, actor=manager)
    assert not Requirement.objects.filter(user=alice.user).exists()

    services.restore_assignment(
        scope=Scope(agency=alice.agency), by=manager, removal=removal
    )

    requirement = Requirement.objects.get(user=alice.user)
    assert requirement.extended_to == in_days(40)
    assert requirement.due_date == in_days(40)
    extension = requirement.extension_requests.get()
    assert extension.status == "agreed"
    assert extension.agreed_date == in_days(40)
    assert extension.decided_by == manager


def test_removing_one_of_two_assignments_keeps_the_more_time_agreed(
    manager, agency, alice, north, assignment
):
    """Her requirement was held by the agency's assignment; the team's, due
    later, still covers her once it is removed, and her agreed date stays."""
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=assignment.course,
        due_date=in_days(20),
        team=north,
    )
    _agree_more_time(manager, alice, 40)
    services.unassign(assignment=assignment, actor=manager)

    requirement = Requirement.objects.get(user=alice.user)
    assert requirement.extended_to == in_days(40)
    assert requirement.due_date == in_days(40)
