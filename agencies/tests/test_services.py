"""Joining, assigning and requirements."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from agencies import services
from agencies.models import Assignment, Invitation, Membership, Requirement
from agencies.selectors import Scope
from courses.tests.factories import make_course

from .conftest import member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def in_days(days):
    return TODAY() + datetime.timedelta(days=days)


def test_assigning_to_the_agency_gives_everyone_a_requirement(
    agency, manager, alice, bella, stranger, course
):
    services.assign(
        scope=Scope(agency=agency), by=manager, course=course, due_date=in_days(10)
    )
    assert set(Requirement.objects.values_list("user_id", flat=True)) == {
        manager.pk,
        alice.user_id,
        bella.user_id,
    }
    assert set(Requirement.objects.values_list("due_date", flat=True)) == {in_days(10)}


def test_a_team_assignment_reaches_only_that_team(
    agency, manager, alice, bella, north, course
):
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=in_days(10),
        team=north,
    )
    assert list(Requirement.objects.values_list("user_id", flat=True)) == [
        alice.user_id
    ]


def test_the_earliest_due_date_wins_when_two_assignments_cover_someone(
    agency, manager, alice, north, course
):
    scope = Scope(agency=agency)
    services.assign(scope=scope, by=manager, course=course, due_date=in_days(30))
    team = services.assign(
        scope=scope, by=manager, course=course, due_date=in_days(5), team=north
    )
    assert Requirement.objects.get(user=alice.user).due_date == in_days(5)
    services.unassign(assignment=team)
    assert Requirement.objects.get(user=alice.user).due_date == in_days(30)


def test_assigning_twice_is_refused_with_a_message(agency, manager, course):
    scope = Scope(agency=agency)
    services.assign(scope=scope, by=manager, course=course, due_date=in_days(5))
    with pytest.raises(services.AgencyError, match="already assigned"):
        services.assign(scope=scope, by=manager, course=course, due_date=in_days(9))
    assert Assignment.objects.count() == 1


def test_people_who_join_later_get_standing_assignments_with_time_to_do_them(
    agency, manager, north, course
):
    scope = Scope(agency=agency)
    services.assign(scope=scope, by=manager, course=course, due_date=in_days(3))
    Assignment.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    newcomer = member(agency, team=north)
    requirement = Requirement.objects.get(user=newcomer.user)
    assert requirement.due_date == in_days(services.NEW_JOINER_DAYS)


def test_a_team_manager_cannot_assign_outside_her_teams(
    agency, team_manager, south, bella, course
):
    scope = Scope(
        agency=agency,
        team_ids=frozenset(
            team_manager.membership.managed_teams.values_list("pk", flat=True)
        ),
    )
    with pytest.raises(services.AgencyError):
        services.assign(
            scope=scope, by=team_manager, course=course, due_date=in_days(5), team=south
        )
    with pytest.raises(services.AgencyError):
        services.assign(
            scope=scope,
            by=team_manager,
            course=course,
            due_date=in_days(5),
            membership=bella,
        )
    with pytest.raises(services.AgencyError):
        services.assign(
            scope=scope, by=team_manager, course=course, due_date=in_days(5)
        )
    assert not Assignment.objects.exists()


def test_moving_team_moves_requirements(agency, manager, alice, south, course):
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=in_days(10),
        team=south,
    )
    assert not Requirement.objects.filter(user=alice.user).exists()
    Membership.objects.filter(pk=alice.pk).update(team=south)
    services.sync_requirements([alice.user_id])
    assert Requirement.objects.filter(user=alice.user).exists()


# Invitations --------------------------------------------------------------------


def test_an_invitation_is_emailed_once_and_accepted_once(
    agency, manager, north, django_capture_on_commit_callbacks
):
    scope = Scope(agency=agency)
    with django_capture_on_commit_callbacks(execute=True):
        outcome, invitation = services.invite(
            scope=scope,
            by=manager,
            email="Jo@Example.org",
            full_name=" Jo  Patel ",
            team=north,
        )
    assert outcome == services.Outcome.INVITED
    assert invitation.full_name == "Jo Patel"
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    again, _ = services.invite(
        scope=scope,
        by=manager,
        email="jo@example.org",
        full_name="Jo Patel",
        team=north,
    )
    assert again == services.Outcome.ALREADY_INVITED

    from accounts.tests.factories import UserFactory

    jo = UserFactory(email="jo@example.org")
    membership = services.accept_invitation(token=invitation.token, user=jo)
    assert (membership.agency, membership.team) == (agency, north)
    with pytest.raises(services.AgencyError, match="already been used"):
        services.accept_invitation(token=invitation.token, user=jo)


def test_an_invitation_is_only_for_the_address_it_was_sent_to(agency, manager, learner):
    _, invitation = services.invite(
        scope=Scope(agency=agency),
        by=manager,
        email="jo@example.org",
        full_name="Jo",
        team=None,
    )
    with pytest.raises(services.AgencyError, match=r"sent to jo@example\.org"):
        services.accept_invitation(token=invitation.token, user=learner)
    assert not Membership.objects.filter(user=learner).exists()


def test_an_expired_invitation_cannot_be_used(agency, manager):
    from accounts.tests.factories import UserFactory

    _, invitation = services.invite(
        scope=Scope(agency=agency),
        by=manager,
        email="jo@example.org",
        full_name="Jo",
        team=None,
    )
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(services.AgencyError, match="expired"):
        services.accept_invitation(
            token=invitation.token, user=UserFactory(email="jo@example.org")
        )


CSV = (
    "full_name,email,team\n"
    "Jo Patel,jo@example.org,North\n"
    "No Email,,North\n"
    "Bad Address,not-an-email,\n"
    "Wrong Team,wt@example.org,Atlantis\n"
    "Jo Again,JO@example.org,North\n"
    ",,\n"
    "Kim Lee,kim@example.org,south\n"
)


def test_a_csv_upload_reports_bad_rows_by_line_and_invites_the_good_ones(
    agency, manager, north, south
):
    report = services.import_invitations(
        scope=Scope(agency=agency), by=manager, data=CSV.encode()
    )
    assert report.invited == ["jo@example.org", "kim@example.org"]
    assert [line for line, _ in report.errors] == [3, 4, 5]
    assert "Atlantis" in report.errors[2][1]
    assert report.skipped == [(6, "JO@example.org", "appears earlier in the file")]
    assert Invitation.objects.get(email="kim@example.org").team == south


def test_lines_are_counted_as_in_the_file_even_after_blank_lines(
    agency, manager, north
):
    data = "full_name,email,team\n\nBad,nope,North\n\n\nJo,jo@example.org,North\n"

    report = services.import_invitations(
        scope=Scope(agency=agency), by=manager, data=data.encode()
    )

    assert report.errors == [(3, "Enter a valid email address.")]
    assert report.invited == ["jo@example.org"]


def test_a_line_with_more_values_than_column_names_is_reported(agency, manager, north):
    data = "full_name,email,team\n,,,stray@example.org\nJo,jo@example.org,North\n"

    report = services.import_invitations(
        scope=Scope(agency=agency), by=manager, data=data.encode()
    )

    assert report.errors == [
        (2, "This line has more values than the first line has names.")
    ]
    assert report.invited == ["jo@example.org"]


@pytest.mark.parametrize(
    ("full_name", "email", "message"),
    [
        ("A" * 151, "long@example.org", "up to 150 characters"),
        ("Jo Patel", "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "org", "valid email"),
    ],
)
def test_names_and_addresses_too_long_to_keep_are_refused_and_nothing_saved(
    agency, manager, north, full_name, email, message
):
    data = f"full_name,email,team\n{full_name},{email},North\n"

    report = services.import_invitations(
        scope=Scope(agency=agency), by=manager, data=data.encode()
    )

    assert message in report.errors[0][1]
    assert not Invitation.objects.exists()


def test_uploading_the_same_file_twice_invites_nobody_twice(
    agency, manager, north, south
):
    scope = Scope(agency=agency)
    services.import_invitations(scope=scope, by=manager, data=CSV.encode())
    again = services.import_invitations(scope=scope, by=manager, data=CSV.encode())
    assert again.invited == []
    assert Invitation.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,address\nJo,jo@example.org\n", "first line must name the columns"),
        ("full_name,email\nJö,jo@example.org\n".encode("latin-1"), "UTF-8"),
        (b"x" * (services.MAX_CSV_BYTES + 1), "larger than 1 MB"),
    ],
)
def test_an_unreadable_file_is_refused_whole_with_a_reason(
    agency, manager, data, message
):
    with pytest.raises(services.AgencyError, match=message):
        services.import_invitations(scope=Scope(agency=agency), by=manager, data=data)
    assert not Invitation.objects.exists()


def test_a_team_manager_invites_only_into_her_teams(agency, team_manager, south):
    scope = Scope(agency=agency, team_ids=frozenset([team_manager.membership.team_id]))
    with pytest.raises(services.AgencyError):
        services.invite(
            scope=scope, by=team_manager, email="a@b.org", full_name="A", team=south
        )
    with pytest.raises(services.AgencyError):
        services.invite(
            scope=scope, by=team_manager, email="a@b.org", full_name="A", team=None
        )


# Join codes ---------------------------------------------------------------------


def test_joining_with_a_code_and_rotating_it(agency, learner):
    membership = services.join_with_code(user=learner, code=agency.join_code.lower())
    assert membership.agency == agency
    old = agency.join_code
    new = services.rotate_join_code(scope=Scope(agency=agency), by=None)
    assert new != old
    from accounts.tests.factories import UserFactory

    with pytest.raises(services.AgencyError, match="does not match"):
        services.join_with_code(user=UserFactory(), code=old)


def test_someone_in_another_agency_cannot_join_with_a_code(agency, stranger):
    with pytest.raises(services.AgencyError, match="already a member"):
        services.join_with_code(user=stranger.user, code=agency.join_code)


def test_only_a_whole_agency_manager_rotates_the_code(agency, north):
    with pytest.raises(services.AgencyError):
        services.rotate_join_code(
            scope=Scope(agency=agency, team_ids=frozenset([north.pk])), by=None
        )


def test_a_course_that_is_not_published_cannot_be_assigned(agency, manager, catalogue):
    draft = make_course(catalogue=catalogue, lessons=1, live=False)
    with pytest.raises(services.AgencyError, match="not published"):
        services.assign(
            scope=Scope(agency=agency), by=manager, course=draft, due_date=in_days(3)
        )
