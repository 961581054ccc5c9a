"""Each action the audit log covers, done the way people do it (through the
views and services), leaves exactly one event saying who, what and how."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Assignment, Invitation, Membership
from agencies.selectors import Scope
from audit.models import AuditEvent
from certificates import services as certificate_services
from certificates.models import Certificate
from courses import services as course_services
from quizzes.tests.factories import free_text, make_quiz
from quizzes.tests.test_reports import essay_response, take_quiz

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def the_event(action) -> AuditEvent:
    """The one event of this kind; fails if there are none or several."""
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, events
    return events[0]


def points_at(event, obj) -> bool:
    return event.target_type == ContentType.objects.get_for_model(
        obj
    ) and event.target_id == str(obj.pk)


@pytest.fixture
def certificate(learner, course):
    return Certificate.objects.create(
        user=learner,
        course=course,
        completed_at=timezone.now(),
        learner_name="Leah Morgan",
        course_title=course.title,
        cpd_hours=1,
    )


# Staff reports ------------------------------------------------------------------------


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_manager_exporting_her_staff_report_is_recorded_with_format_and_filters(
    client, manager, agency, north, alice, export_format
):
    client.force_login(manager)
    response = client.get(
        reverse(f"agencies:export_{export_format}"),
        {"team": north.pk, "status": "overdue", "q": "Alice"},
    )
    assert response.status_code == 200
    event = the_event(Action.REPORT_EXPORTED)
    assert event.actor == manager
    assert event.actor_label == f"Maya Brooks ({manager.email})"
    assert event.agency == agency
    assert event.target_label == "Coventry Probation staff report"
    assert event.details["format"] == export_format
    assert event.details["filters"] == {
        "team": north.pk,
        "status": "overdue",
        "query": "Alice",
        "sort": "name",
    }


def test_a_refused_export_records_nothing(client, learner):
    client.force_login(learner)
    assert client.get(reverse("agencies:export_csv")).status_code == 404
    assert not AuditEvent.objects.exists()


def test_exporting_the_kairos_wide_report_is_recorded_but_viewing_it_is_not(
    client, admin_user, agency, alice, course
):
    agency_services.assign(
        scope=Scope(agency=agency), by=admin_user, course=course, due_date=in_days(9)
    )
    AuditEvent.objects.all().delete()
    client.force_login(admin_user)
    url = reverse("agencies_admin:training_report")
    assert client.get(url, {"agency": agency.pk}).status_code == 200
    assert not AuditEvent.objects.exists()

    response = client.get(url, {"agency": agency.pk, "export": "csv"})
    b"".join(response.streaming_content)
    event = the_event(Action.REPORT_EXPORTED)
    assert event.actor == admin_user
    assert event.target_label == "Training across agencies"
    assert event.agency == agency
    assert event.details == {
        "format": "csv",
        "filters": {"agency": "Coventry Probation"},
    }


def test_a_trainer_refused_the_report_export_leaves_no_event(client, learner):
    client.force_login(learner)
    client.get(reverse("agencies_admin:training_report"), {"export": "csv"})
    assert not AuditEvent.objects.exists()


# A person's record --------------------------------------------------------------------


def test_a_manager_opening_a_persons_record_is_recorded(client, manager, agency, alice):
    client.force_login(manager)
    response = client.get(reverse("agencies:person", args=[alice.pk]))
    assert response.status_code == 200
    event = the_event(Action.PERSON_VIEWED)
    assert event.actor == manager
    assert event.subject == alice.user
    assert points_at(event, alice.user)
    assert event.target_label == "Alice Adams (alice@x.org), Coventry Probation"
    assert event.agency == agency


def test_a_manager_downloading_a_staff_certificate_is_recorded(
    client, manager, agency, alice, course
):
    certificate = Certificate.objects.create(
        user=alice.user,
        course=course,
        completed_at=timezone.now(),
        learner_name="Alice Adams",
        course_title=course.title,
        cpd_hours=1,
    )
    client.force_login(manager)

    client.get(reverse("agencies:person_certificate", args=[alice.pk, certificate.pk]))

    event = the_event(Action.PERSON_VIEWED)
    assert event.actor == manager
    assert event.subject == alice.user
    assert event.details == {"certificate_downloaded": certificate.reference}


def test_agreeing_more_time_is_recorded_with_the_dates(manager, agency, alice, course):
    scope = Scope(agency=agency)
    agency_services.assign(
        scope=scope, by=manager, course=course, due_date=in_days(10), membership=alice
    )
    requirement = alice.user.requirements.get()
    extension = agency_services.request_more_time(
        user=alice.user, requirement_id=requirement.pk, until=in_days(30)
    )
    AuditEvent.objects.all().delete()

    agency_services.decide_more_time(scope=scope, by=manager, request_id=extension.pk)

    event = the_event(Action.ASSIGNMENT_CHANGED)
    assert event.actor == manager
    assert event.subject == alice.user
    assert event.details == {
        "more_time_agreed": in_days(30).isoformat(),
        "asked_for": in_days(30).isoformat(),
        "due_before": in_days(10).isoformat(),
        "before": {"due_date": in_days(10).isoformat(), "extended_to": None},
        "after": {
            "due_date": in_days(30).isoformat(),
            "extended_to": in_days(30).isoformat(),
        },
    }


def test_a_record_outside_her_scope_is_refused_and_not_recorded(
    client, team_manager, bella
):
    client.force_login(team_manager)  # manages North; Bella is in South
    assert client.get(reverse("agencies:person", args=[bella.pk])).status_code == 404
    assert not AuditEvent.objects.exists()


# Certificates -------------------------------------------------------------------------


def test_revoking_a_certificate_in_the_admin_is_recorded_with_the_reason(
    client, trainer, certificate, agency
):
    Membership.objects.create(user=certificate.user, agency=agency)
    client.force_login(trainer)
    response = client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]),
        {"reason": "Issued in error"},
    )
    assert response.status_code == 302
    event = the_event(Action.CERTIFICATE_REVOKED)
    assert event.actor == trainer
    assert points_at(event, certificate)
    assert event.subject == certificate.user
    assert event.agency == agency
    assert event.details == {
        "reference": certificate.reference,
        "reason": "Issued in error",
    }
    assert certificate.reference in event.target_label
    assert "Leah Morgan" in event.target_label


def test_revoking_without_a_reason_records_nothing(client, trainer, certificate):
    client.force_login(trainer)
    client.post(
        reverse("certificates_admin:revoke", args=[certificate.pk]), {"reason": " "}
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not AuditEvent.objects.exists()


def test_reissuing_a_certificate_is_one_event_naming_the_replacement(
    client, trainer, certificate, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("certificates_admin:reissue", args=[certificate.pk]),
            {"reason": "Name spelling"},
        )
    assert response.status_code == 302
    replacement = certificate.reissues.get()
    event = the_event(Action.CERTIFICATE_REISSUED)
    assert AuditEvent.objects.count() == 1  # not also "revoked"
    assert event.actor == trainer
    assert points_at(event, certificate)
    assert event.details == {
        "reference": certificate.reference,
        "reason": "Name spelling",
        "replaced_by": replacement.reference,
        "old_one_revoked_now": True,
    }


def test_a_reissue_that_fails_rolls_back_its_event(trainer, certificate):
    certificate_services.reissue(certificate=certificate, by=trainer, reason="One")
    AuditEvent.objects.all().delete()
    # The replacement is in force: reissuing the old one again is refused.
    with pytest.raises(certificate_services.CertificateError):
        certificate_services.reissue(certificate=certificate, by=trainer, reason="Two")
    assert not AuditEvent.objects.exists()
    assert certificate.reissues.count() == 1


# Marking ------------------------------------------------------------------------------


@pytest.fixture
def submitted(learner, course):
    course_services.enrol(user=learner, course=course)
    quiz = make_quiz(
        course=course, title="Release day", questions=[free_text(points=4)]
    )
    return take_quiz(learner, quiz)


def test_marking_a_free_text_answer_is_recorded_with_the_marks(
    client, trainer, learner, submitted, agency
):
    Membership.objects.create(user=learner, agency=agency)
    response = essay_response(submitted)
    prefix = f"response-{response.pk}"
    client.force_login(trainer)
    reply = client.post(
        reverse("quizzes_admin:mark", args=[submitted.pk, response.pk]),
        {f"{prefix}-marks": "3", f"{prefix}-comment": "Clear and kind."},
    )
    assert reply.status_code == 302
    event = the_event(Action.ANSWER_MARKED)
    assert event.actor == trainer
    assert points_at(event, response)
    assert event.subject == learner
    assert event.agency == agency
    assert event.target_label.startswith("Leah Morgan (leah@example.org): ")
    assert event.details["marks"] == "3"
    assert event.details["out_of"] == 4
    assert event.details["previous_marks"] is None
    assert event.details["with_comment"] is True
    assert event.details["attempt_id"] == submitted.pk
    assert "Clear and kind" not in str(event.details)  # the comment stays put


def test_marks_out_of_range_are_refused_and_not_recorded(client, trainer, submitted):
    response = essay_response(submitted)
    client.force_login(trainer)
    client.post(
        reverse("quizzes_admin:mark", args=[submitted.pk, response.pk]),
        {f"response-{response.pk}-marks": "9"},
    )
    assert not AuditEvent.objects.exists()


def test_marking_again_records_the_previous_marks(trainer, submitted):
    from quizzes import services as quiz_services

    response = essay_response(submitted)
    quiz_services.mark_response(marker=trainer, response=response, marks=Decimal(1))
    response.refresh_from_db()
    quiz_services.mark_response(marker=trainer, response=response, marks=Decimal(4))
    events = AuditEvent.objects.filter(action=Action.ANSWER_MARKED).order_by("pk")
    assert [e.details["previous_marks"] for e in events] == [None, "1.00"]


# Memberships --------------------------------------------------------------------------


def test_joining_with_the_agency_code_is_recorded(client, learner, agency):
    client.force_login(learner)
    response = client.post(reverse("agencies:join"), {"code": agency.join_code})
    assert response.status_code == 302
    event = the_event(Action.MEMBERSHIP_ADDED)
    assert event.actor == learner
    assert event.subject == learner
    assert points_at(event, learner)
    assert event.agency == agency
    assert event.details == {"via": "join code", "team": None, "role": "learner"}


def test_a_wrong_join_code_records_nothing(client, learner, agency):
    client.force_login(learner)
    client.post(reverse("agencies:join"), {"code": "NOTACODE"})
    assert not AuditEvent.objects.exists()


def test_accepting_an_invitation_is_recorded(client, learner, agency, north, manager):
    invitation = Invitation.objects.create(
        agency=agency,
        team=north,
        email=learner.email,
        full_name=learner.full_name,
        invited_by=manager,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(learner)
    response = client.post(
        reverse("agencies:accept_invitation", args=[invitation.token])
    )
    assert response.status_code == 302
    event = the_event(Action.MEMBERSHIP_ADDED)
    assert event.actor == learner
    assert event.details == {"via": "invitation", "team": "North", "role": "learner"}


def test_an_admin_changing_someones_team_and_role_is_recorded(
    client, admin_user, agency, alice, south
):
    client.force_login(admin_user)
    response = client.post(
        reverse("membership:edit", args=[alice.pk]),
        {"team": south.pk, "role": "manager", "managed_teams": [south.pk]},
    )
    assert response.status_code == 302
    event = the_event(Action.MEMBERSHIP_CHANGED)
    assert event.actor == admin_user
    assert event.subject == alice.user
    assert event.agency == agency
    assert event.details == {
        "changes": {
            "team": {"from": "North", "to": "South"},
            "role": {"from": "learner", "to": "manager"},
            "managed_teams": {"from": [], "to": ["South"]},
        }
    }


def test_saving_a_membership_unchanged_records_nothing(
    client, admin_user, alice, north
):
    client.force_login(admin_user)
    client.post(
        reverse("membership:edit", args=[alice.pk]),
        {"team": north.pk, "role": "learner"},
    )
    assert not AuditEvent.objects.exists()


def test_an_admin_removing_someone_from_an_agency_is_recorded(
    client, admin_user, agency, alice
):
    client.force_login(admin_user)
    response = client.post(reverse("membership:delete", args=[alice.pk]))
    assert response.status_code == 302
    event = the_event(Action.MEMBERSHIP_REMOVED)
    assert event.actor == admin_user
    assert event.subject == alice.user
    assert event.agency == agency
    assert event.target_label == "Alice Adams (alice@x.org), Coventry Probation"
    assert event.details == {"team": "North", "role": "learner"}


def test_an_admin_deleting_a_team_is_recorded_with_what_went(
    client, admin_user, agency, alice, north
):
    client.force_login(admin_user)
    response = client.post(reverse("team:delete", args=[north.pk]))
    assert response.status_code == 302
    event = the_event(Action.TEAM_DELETED)
    assert event.actor == admin_user
    assert event.target_label == "North, Coventry Probation"
    assert event.details == {"members": 1, "assignments": 0}


def test_an_agency_deleted_keeps_its_name_in_the_log(client, admin_user, agency, alice):
    client.force_login(admin_user)
    response = client.post(reverse("agency:delete", args=[agency.pk]))
    assert response.status_code == 302
    event = the_event(Action.AGENCY_DELETED)
    assert event.agency is None  # the agency is gone...
    assert event.agency_name == "Coventry Probation"  # ...its name is not
    assert event.details["members"] == 1


def test_resetting_someones_two_factor_is_recorded(trainer):
    from django.core.management import call_command

    call_command("reset_two_factor", trainer.email, stdout=None)

    event = the_event(Action.TWO_FACTOR_RESET)
    assert event.subject == trainer
    assert event.actor is None
    assert event.details == {"devices_removed": 0}


# Assignments --------------------------------------------------------------------------


def test_a_manager_assigning_a_course_is_recorded(client, manager, agency, course):
    client.force_login(manager)
    response = client.post(
        reverse("agencies:assignments"),
        {"course": course.pk, "due_date": in_days(30).isoformat(), "target": "agency"},
    )
    assert response.status_code == 302, response.content.decode()
    assignment = Assignment.objects.get()
    event = the_event(Action.ASSIGNMENT_CREATED)
    assert event.actor == manager
    assert points_at(event, assignment)
    assert event.agency == agency
    assert event.target_label == (
        "“Trauma-informed practice” for everyone in Coventry Probation"
    )
    assert event.details["due_date"] == in_days(30).isoformat()
    assert event.details["course_id"] == course.pk


def test_assigning_a_course_twice_is_refused_and_recorded_once(manager, agency, course):
    scope = Scope(agency=agency)
    agency_services.assign(scope=scope, by=manager, course=course, due_date=in_days(5))
    with pytest.raises(agency_services.AgencyError):
        agency_services.assign(
            scope=scope, by=manager, course=course, due_date=in_days(9)
        )
    assert AuditEvent.objects.filter(action=Action.ASSIGNMENT_CREATED).count() == 1


def test_changing_a_due_date_is_recorded_from_and_to(manager, agency, alice, course):
    assignment = agency_services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=in_days(5),
        membership=alice,
    )
    agency_services.change_due_date(
        assignment=assignment, due_date=in_days(20), actor=manager
    )
    event = the_event(Action.ASSIGNMENT_CHANGED)
    assert event.actor == manager
    assert event.subject == alice.user
    assert event.target_label == "“Trauma-informed practice” for Alice Adams"
    assert event.details["before"] == {"due_date": in_days(5).isoformat()}
    assert event.details["after"] == {"due_date": in_days(20).isoformat()}


def test_a_manager_removing_an_assignment_is_recorded(
    client, manager, agency, north, course
):
    assignment = agency_services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=in_days(5),
        team=north,
    )
    client.force_login(manager)
    response = client.post(reverse("agencies:unassign", args=[assignment.pk]))
    assert response.status_code == 302
    assert not Assignment.objects.exists()
    event = the_event(Action.ASSIGNMENT_REMOVED)
    assert event.actor == manager
    assert event.target_id == str(assignment.pk)
    assert event.target_label == "“Trauma-informed practice” for the North team"
    assert event.agency == agency


def test_another_agencys_manager_cannot_remove_it_and_nothing_is_recorded(
    client, manager, other_manager, agency, course
):
    assignment = agency_services.assign(
        scope=Scope(agency=agency), by=manager, course=course, due_date=in_days(5)
    )
    AuditEvent.objects.all().delete()
    client.force_login(other_manager)
    response = client.post(reverse("agencies:unassign", args=[assignment.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


# Join code ------------------------------------------------------------------------


def test_a_manager_viewing_the_join_code_is_recorded(client, manager, agency):
    client.force_login(manager)
    response = client.get(reverse("agencies:join_code"))
    assert agency.join_code in response.content.decode()
    event = the_event(Action.JOIN_CODE_VIEWED)
    assert event.actor == manager
    assert event.agency == agency
    assert points_at(event, agency)
    assert event.target_label == "Join code of Coventry Probation"
    assert agency.join_code not in str(event.details)


def test_a_team_manager_is_not_shown_the_code_and_nothing_is_recorded(
    client, team_manager, agency
):
    client.force_login(team_manager)
    response = client.get(reverse("agencies:join_code"))
    assert response.status_code == 200
    assert agency.join_code not in response.content.decode()
    assert not AuditEvent.objects.filter(action=Action.JOIN_CODE_VIEWED).exists()


def test_changing_the_join_code_is_recorded_with_the_old_code_only(
    client, manager, agency
):
    old = agency.join_code
    client.force_login(manager)
    response = client.post(reverse("agencies:join_code"))
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.join_code != old
    event = the_event(Action.JOIN_CODE_ROTATED)
    assert event.actor == manager
    assert event.agency == agency
    assert event.details == {"old_code": old}
    assert agency.join_code not in str(event.details)


def test_a_team_manager_cannot_change_the_code_and_nothing_is_recorded(
    client, team_manager, agency
):
    old = agency.join_code
    client.force_login(team_manager)
    client.post(reverse("agencies:join_code"))
    agency.refresh_from_db()
    assert agency.join_code == old
    assert not AuditEvent.objects.filter(action=Action.JOIN_CODE_ROTATED).exists()


# Invitations from a file, more time asked for -------------------------------------


def test_invitations_from_a_file_are_each_recorded_with_their_line(
    manager, agency, north
):
    data = b"full_name,email,team\nJo Patel,jo@x.org,North\n\nAmy Lee,amy@x.org,North\n"
    agency_services.import_invitations(
        scope=Scope(agency=agency), by=manager, data=data
    )
    events = AuditEvent.objects.filter(action=Action.INVITATION_SENT).order_by("pk")
    assert [(e.details["email"], e.details["csv_line"]) for e in events] == [
        ("jo@x.org", 2),
        ("amy@x.org", 4),
    ]
    assert {e.details["via"] for e in events} == {"CSV"}
    assert {e.actor for e in events} == {manager}


def test_asking_for_more_time_is_recorded(manager, agency, alice, course):
    agency_services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=in_days(10),
        membership=alice,
    )
    requirement = alice.user.requirements.get()
    agency_services.request_more_time(
        user=alice.user, requirement_id=requirement.pk, until=in_days(30)
    )
    event = the_event(Action.MORE_TIME_REQUESTED)
    assert event.actor == alice.user
    assert event.subject == alice.user
    assert event.agency == agency
    assert event.details == {
        "asked_for": in_days(30).isoformat(),
        "due_date": in_days(10).isoformat(),
    }


# Support details, teams and agencies -------------------------------------------------


def test_changing_the_agencys_support_details_is_recorded_before_and_after(
    manager, agency
):
    from support import services as support_services

    values = {
        "employee_assistance": "Call 0800 000 000",
        "clinical_supervision": "",
        "contacts": "",
    }
    scope = Scope(agency=agency)
    support_services.save_agency_support(scope=scope, by=manager, **values)
    first = the_event(Action.SUPPORT_DETAILS_CHANGED)
    assert first.actor == manager
    assert first.agency == agency
    assert first.details == {
        "before": {"employee_assistance": ""},
        "after": {"employee_assistance": "Call 0800 000 000"},
    }
    # Saved unchanged: nothing to record.
    support_services.save_agency_support(scope=scope, by=manager, **values)
    assert AuditEvent.objects.filter(action=Action.SUPPORT_DETAILS_CHANGED).count() == 1


def test_an_admin_adding_and_renaming_a_team_is_recorded(client, admin_user, agency):
    from agencies.models import Team

    client.force_login(admin_user)
    response = client.post(reverse("team:add"), {"agency": agency.pk, "name": "East"})
    assert response.status_code == 302
    team = Team.objects.get(name="East")
    created = the_event(Action.TEAM_CREATED)
    assert created.actor == admin_user
    assert created.agency == agency
    assert points_at(created, team)
    assert created.details == {"name": "East", "agency": "Coventry Probation"}

    client.post(
        reverse("team:edit", args=[team.pk]), {"agency": agency.pk, "name": "East"}
    )
    assert not AuditEvent.objects.filter(action=Action.TEAM_CHANGED).exists()
    client.post(
        reverse("team:edit", args=[team.pk]), {"agency": agency.pk, "name": "Eastern"}
    )
    changed = the_event(Action.TEAM_CHANGED)
    assert changed.details == {"before": {"name": "East"}, "after": {"name": "Eastern"}}


def test_an_admin_adding_and_changing_an_agency_is_recorded(client, admin_user):
    from agencies.models import Agency

    client.force_login(admin_user)
    values = {"name": "Warwick Housing", "kind": Agency.Kind.HOUSING, "region": ""}
    assert client.post(reverse("agency:add"), values).status_code == 302
    agency = Agency.objects.get(name="Warwick Housing")
    created = the_event(Action.AGENCY_CREATED)
    assert created.agency == agency
    assert created.details == {
        "name": "Warwick Housing",
        "kind": "housing",
        "region": "",
    }

    values["region"] = "West Midlands"
    client.post(reverse("agency:edit", args=[agency.pk]), values)
    changed = the_event(Action.AGENCY_CHANGED)
    assert changed.actor == admin_user
    assert changed.details == {
        "before": {"region": ""},
        "after": {"region": "West Midlands"},
    }
