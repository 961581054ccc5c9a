"""The learning record stays one thing, whatever happens to her.

A hypothesis state machine drives random histories through the services the
site uses: enrol, read lessons, fail and pass the quiz, start again to renew,
assign (agency, team, by name), unassign, change a due date, agree more time,
change team, leave, erase. After every step, every requirement's stored dates
equal a recomputation from the raw history (`agencies.records.drift`), and the
renewal period her manager sees is the one that decides when she may renew.

Runs 200 examples with the "ci" profile; HYPOTHESIS_PROFILE=long runs more.
"""

from __future__ import annotations

import contextlib
import datetime
import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.tests.factories import UserFactory
from agencies import records, selectors
from agencies import services as agency_services
from agencies.models import Agency, Assignment, Membership, Requirement, Team
from agencies.selectors import Scope
from courses import services as course_services
from courses.models import Completion, Enrolment, LessonPage
from courses.services import LearningError
from courses.tests.factories import make_course
from privacy.services import erase_account
from quizzes import services as quiz_services
from quizzes.services import QuizError
from quizzes.tests.factories import make_quiz, right_answer, single, wrong_answer

pytestmark = pytest.mark.django_db

EXAMPLES = {"ci": 200, "long": 2000}.get(
    os.environ.get("HYPOTHESIS_PROFILE", "ci"), 200
)


@pytest.fixture
def world(catalogue):
    """Built once per test: the course (two lessons and a quiz), two agencies,
    teams and a manager. Each example adds its own learner."""
    course = make_course(catalogue=catalogue, lessons=2, validity_months=24)
    quiz = make_quiz(course=course, questions=[single(), single()], pass_mark=100)
    agency = Agency.objects.create(name="Coventry Probation", kind="probation")
    teams = [Team.objects.create(agency=agency, name=name) for name in ("N", "S")]
    manager = UserFactory(full_name="Maya Brooks")
    Membership.objects.create(user=manager, agency=agency, role=Membership.Role.MANAGER)
    return {
        "course": course,
        "lessons": list(LessonPage.objects.child_of(course).order_by("path")),
        "quiz": quiz,
        "agency": agency,
        "teams": teams,
        "manager": manager,
    }


class LearningRecord(RuleBasedStateMachine):
    world: dict = {}

    @initialize()
    def start(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.learner = UserFactory()
        self.membership = Membership.objects.create(
            user=self.learner, agency=self.world["agency"], team=self.world["teams"][0]
        )
        # History starts three years ago and moves forward only.
        self.now = timezone.now() - datetime.timedelta(days=3 * 365)
        self.erased = False
        self.completions_kept: set = set()

    def teardown(self):
        if hasattr(self, "_atomic"):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    # Time and her learning ------------------------------------------------

    @rule(days=st.integers(min_value=1, max_value=400))
    def time_passes(self, days):
        self.now = min(
            self.now + datetime.timedelta(days=days),
            timezone.now() - datetime.timedelta(minutes=1),
        )

    @precondition(lambda self: not self.erased)
    @rule()
    def enrol(self):
        course_services.enrol(
            user=self.learner, course=self.world["course"], now=self.now
        )

    @precondition(lambda self: not self.erased)
    @rule(index=st.integers(min_value=0, max_value=1))
    def read_lesson(self, index):
        with contextlib.suppress(LearningError):
            course_services.complete_lesson(
                user=self.learner, lesson=self.world["lessons"][index], now=self.now
            )

    @precondition(lambda self: not self.erased)
    @rule(passes=st.booleans())
    def take_quiz(self, passes):
        try:
            attempt = quiz_services.start_attempt(
                user=self.learner, quiz=self.world["quiz"], now=self.now
            )
        except QuizError:
            return
        answer = right_answer if passes else wrong_answer
        for question in attempt.questions:
            quiz_services.save_answer(
                user=self.learner,
                attempt=attempt,
                question_key=question["key"],
                answer=answer(question),
                now=self.now,
            )
        quiz_services.submit_attempt(user=self.learner, attempt=attempt, now=self.now)

    @precondition(lambda self: not self.erased)
    @rule()
    def finish_the_course(self):
        """Every step at once, so that histories reach completion and renewal
        often, not only when the random steps happen to line up."""
        for index in (0, 1):
            self.read_lesson(index)
        self.take_quiz(passes=True)

    @precondition(lambda self: not self.erased)
    @rule()
    def start_again(self):
        with contextlib.suppress(LearningError):
            course_services.restart_course(
                user=self.learner, course=self.world["course"], now=self.now
            )

    # Her manager ------------------------------------------------------------

    @precondition(lambda self: not self.erased)
    @rule(
        target_kind=st.sampled_from(["agency", "team", "person"]),
        due_in=st.integers(min_value=-60, max_value=120),
        renew=st.sampled_from([None, 6, 12]),
    )
    def assign(self, target_kind, due_in, renew):
        membership = Membership.objects.filter(pk=self.membership.pk).first()
        team = self.world["teams"][0]
        with contextlib.suppress(agency_services.AgencyError):
            agency_services.assign(
                scope=Scope(agency=self.world["agency"]),
                by=self.world["manager"],
                course=self.world["course"],
                due_date=timezone.localdate(self.now) + datetime.timedelta(days=due_in),
                team=team if target_kind == "team" else None,
                membership=membership if target_kind == "person" else None,
                renew_every_months=renew,
            )

    @rule(data=st.data())
    def unassign(self, data):
        assignments = list(Assignment.objects.order_by("pk"))
        if assignments:
            agency_services.unassign(assignment=data.draw(st.sampled_from(assignments)))

    @rule(data=st.data(), days=st.integers(min_value=-30, max_value=90))
    def change_due_date(self, data, days):
        assignments = list(Assignment.objects.order_by("pk"))
        if assignments:
            assignment = data.draw(st.sampled_from(assignments))
            agency_services.change_due_date(
                assignment=assignment,
                due_date=assignment.due_date + datetime.timedelta(days=days),
            )

    @precondition(lambda self: not self.erased)
    @rule(days=st.integers(min_value=1, max_value=60), agree=st.booleans())
    def more_time(self, days, agree):
        requirement = Requirement.objects.filter(user=self.learner).first()
        if requirement is None:
            return
        try:
            extension = agency_services.request_more_time(
                user=self.learner,
                requirement_id=requirement.pk,
                until=requirement.due_date + datetime.timedelta(days=days),
            )
            if agree:
                agency_services.decide_more_time(
                    scope=Scope(agency=self.world["agency"]),
                    by=self.world["manager"],
                    request_id=extension.pk,
                )
        except agency_services.AgencyError:
            pass

    @precondition(lambda self: not self.erased)
    @rule(index=st.integers(min_value=0, max_value=1))
    def change_team(self, index):
        # As the admin's membership form does: save, then bring requirements in line.
        Membership.objects.filter(user=self.learner).update(
            team=self.world["teams"][index]
        )
        agency_services.sync_requirements([self.learner.pk])

    @precondition(lambda self: not self.erased)
    @rule()
    def leave(self):
        # As the admin's "remove from agency" does.
        Membership.objects.filter(user=self.learner).delete()
        agency_services.sync_requirements([self.learner.pk])

    @precondition(lambda self: not self.erased)
    @rule()
    def erase(self):
        erase_account(self.learner, reason="Asked to be forgotten.")
        self.erased = True

    # What must hold after every step ----------------------------------------

    @invariant()
    def stored_record_equals_recomputed(self):
        if not hasattr(self, "learner"):
            return
        assert records.drift() == []

    @invariant()
    def every_completion_stays_in_her_history(self):
        """Her completion is kept with its version, and starting again to
        renew never loses an earlier one; erasure removes them all."""
        if not hasattr(self, "learner"):
            return
        kept = set(
            Completion.objects.filter(user=self.learner).values_list(
                "completed_at", flat=True
            )
        )
        if self.erased:
            assert not kept
            return
        enrolment = Enrolment.objects.filter(
            user=self.learner, completed_at__isnull=False
        ).first()
        if enrolment is not None:
            assert enrolment.completed_at in kept
        assert self.completions_kept <= kept
        self.completions_kept = kept

    @invariant()
    def one_renewal_period_for_her_and_her_manager(self):
        if not hasattr(self, "learner"):
            return
        for requirement in selectors.with_status(
            Requirement.objects.filter(user=self.learner)
        ):
            enrolment = Enrolment.objects.filter(
                user=self.learner, course=requirement.course_id
            ).first()
            expected = enrolment.expires_on if enrolment else None
            assert selectors.cell_for(requirement).expires_on == expected


def test_stored_record_always_equals_the_history(world):
    LearningRecord.world = world
    run_state_machine_as_test(
        LearningRecord,
        settings=settings(
            settings.default,
            max_examples=EXAMPLES,
            stateful_step_count=12,
        ),
    )


def test_drift_check_reports_and_repairs(world, capsys):
    learner = UserFactory()
    Membership.objects.create(user=learner, agency=world["agency"])
    agency_services.assign(
        scope=Scope(agency=world["agency"]),
        by=world["manager"],
        course=world["course"],
        due_date=timezone.localdate(),
    )
    course_services.enrol(user=learner, course=world["course"])
    call_command("check_learning_record")
    assert "0 differences" in capsys.readouterr().out

    # A write that went round the services: the check finds it, --repair fixes it.
    Requirement.objects.filter(user=learner).update(started_on=None)
    with pytest.raises(Exception, match="1 requirement"):
        call_command("check_learning_record")
    call_command("check_learning_record", "--repair")
    assert "Repaired 1" in capsys.readouterr().out
    assert records.drift() == []
