"""`record` writes in the caller's transaction, keeps labels that outlive the
people and objects they name, and stores only what JSON can hold."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from audit import services
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def test_an_event_keeps_who_what_and_details_as_json(trainer, learner, agency):
    event = services.record(
        actor=trainer,
        action=Action.PERSON_VIEWED,
        target=learner,
        subject=learner,
        agency=agency,
        details={
            "due": datetime.date(2026, 11, 26),
            "at": datetime.datetime(2026, 11, 26, 14, 5, tzinfo=datetime.UTC),
            "marks": Decimal("2.5"),
            "teams": ("North", "South"),
            "agency": agency,
        },
    )
    event.refresh_from_db()
    assert event.actor_label == "Tara Singh (tara@example.org)"
    assert event.target == learner
    assert event.target_label == str(learner)
    assert event.details == {
        "due": "2026-11-26",
        "at": "2026-11-26T14:05:00+00:00",
        "marks": "2.5",
        "teams": ["North", "South"],
        "agency": agency.pk,
    }


def test_the_subjects_agency_is_used_when_none_is_given(trainer, alice, agency):
    event = services.record(
        actor=trainer, action=Action.ANSWER_MARKED, subject=alice.user
    )
    assert event.agency == agency


def test_the_platform_acting_alone_is_named_as_such(learner):
    event = services.record(actor=None, action=Action.ACCOUNT_ERASED, target=learner)
    assert event.actor is None
    assert event.actor_label == "Kairos Learning"


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="Unknown audit action"):
        services.record(actor=None, action="coffee_made")
    assert not AuditEvent.objects.exists()


def test_a_change_that_rolls_back_leaves_no_event(trainer):
    def failing_change():
        with transaction.atomic():
            services.record(actor=trainer, action=Action.REPORT_EXPORTED)
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not AuditEvent.objects.exists()


def test_the_label_outlives_the_person(trainer, learner):
    event = services.record(actor=trainer, action=Action.PERSON_VIEWED, target=learner)
    trainer.delete()
    event.refresh_from_db()
    assert event.actor is None
    assert event.actor_label == "Tara Singh (tara@example.org)"


def test_forget_person_takes_her_name_out_but_keeps_the_events(
    trainer, learner, manager
):
    viewed = services.record(
        actor=manager,
        action=Action.PERSON_VIEWED,
        target=learner,
        target_label="Leah Morgan (leah@example.org), Coventry Probation",
        subject=learner,
    )
    joined = services.record(
        actor=learner, action=Action.MEMBERSHIP_ADDED, subject=learner
    )
    other = services.record(actor=trainer, action=Action.REPORT_EXPORTED)

    assert services.forget_person(user=learner) == 2

    viewed.refresh_from_db()
    joined.refresh_from_db()
    other.refresh_from_db()
    assert viewed.target_label == "Erased account"
    assert viewed.actor == manager
    assert viewed.subject is None
    assert joined.actor is None
    assert joined.actor_label == "Erased account"
    assert other.actor_label == "Tara Singh (tara@example.org)"
    assert not AuditEvent.objects.filter(target_label__contains="Leah").exists()


def test_forget_person_also_takes_her_name_out_of_other_events_text(
    trainer, learner, manager
):
    assigned = services.record(
        actor=manager,
        action=Action.ASSIGNMENT_CREATED,
        target_label="Safeguarding basics for Leah Morgan",
        details={"assigned_to": "Leah Morgan", "course": "Safeguarding basics"},
    )
    searched = services.record(
        actor=manager,
        action=Action.REPORT_EXPORTED,
        details={"filters": {"query": "leah morgan", "status": "overdue"}},
    )
    former = (learner.full_name, learner.email)
    learner.full_name, learner.email = "Erased learner", "erased-1@invalid"

    services.forget_person(user=learner, label="Erased learner", former=former)

    assigned.refresh_from_db()
    searched.refresh_from_db()
    assert assigned.details == {
        "assigned_to": "Erased learner",
        "course": "Safeguarding basics",
    }
    assert assigned.target_label == "Safeguarding basics for Erased learner"
    assert searched.details["filters"] == {
        "query": "Erased learner",
        "status": "overdue",
    }
    assert assigned.actor == manager
