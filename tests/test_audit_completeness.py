"""Every service that changes or exports data writes an audit event.

The services are found by introspection: every public function defined in a
`services.py` module, or a module of a `services/` package, of our own apps.
Each one is either

- in ALLOWED, with a one-line reason it legitimately records nothing (a
  learner's own progress or private writing, a read, a pure helper), or
- in CALLS: a small builder that sets up a realistic world and returns the
  keyword arguments, and the action the call must record.

A new service in neither fails `test_every_service_is_audited_or_allowed`,
saying which and what to do; each entry in CALLS is called for real and must
leave an event of its action.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from agencies import services as agencies
from agencies.models import Invitation, Membership
from agencies.selectors import Scope
from agencies.tests.conftest import (  # noqa: F401 (fixtures)
    agency,
    alice,
    manager,
    member,
    north,
)
from audit.models import AuditEvent
from certificates.models import Certificate
from courses import services as courses
from quizzes.tests.factories import free_text, make_quiz
from quizzes.tests.test_reports import essay_response, take_quiz

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def discovered_services() -> dict[str, Callable]:
    """Every public function defined in one of our apps' service modules, by
    its dotted name (where it is defined, so a re-export counts once)."""
    base = Path(settings.BASE_DIR).resolve()
    found = {}
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(base):
            continue  # Django's, Wagtail's and other installed apps
        try:
            package = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.services":
                raise
            continue
        modules = [package]
        if hasattr(package, "__path__"):  # a services/ package
            modules += [
                importlib.import_module(f"{package.__name__}.{info.name}")
                for info in pkgutil.iter_modules(package.__path__)
            ]
        for module in modules:
            for name, function in vars(module).items():
                if (
                    not name.startswith("_")
                    and inspect.isfunction(function)
                    and function.__module__ == module.__name__
                ):
                    found[f"{module.__name__}.{name}"] = function
    return found


# Services that legitimately record nothing, each with why. -------------------------

LEARNERS_OWN = "her own learning, seen by her and reported through the record"
PRIVATE = "her private writing: a log others read must not hold or point at it"
READ = "reads or computes only; changes nothing"

ALLOWED: dict[str, str] = {
    # accounts
    "accounts.services.request_sign_up": "emails a sign-up link; stores nothing",
    "accounts.services.sign_up": "her own new account; joining an agency is "
    "recorded (MEMBERSHIP_ADDED)",
    "accounts.services.needs_two_factor": READ,
    "accounts.services.choose_language": "her own choice of language for her "
    "emails and certificates, as her email choices (not audited either)",
    "accounts.services.has_authenticator": READ,
    "accounts.services.new_authenticator_key": READ,
    "accounts.services.authenticator_uri": READ,
    "accounts.services.authenticator_text_key": READ,
    "accounts.services.confirm_authenticator": "her own sign-in device, set up "
    "by herself; django-otp keeps it, and a reset by someone else is recorded",
    "accounts.services.check_code": "checking her code at sign-in; sign-ins are "
    "logged by django-axes",
    # audit: the log's own helpers
    "audit.services.person_label": READ,
    "audit.services.register_agency_lookup": "wiring at start-up",
    "audit.services.agency_of": READ,
    "audit.services.before_and_after": READ,
    "audit.services.forget_person": "part of an erasure, which records "
    "ACCOUNT_ERASED; the log is what it changes",
    # courses: her progress
    "courses.services.enrol": LEARNERS_OWN,
    "courses.services.complete_lesson": LEARNERS_OWN,
    "courses.services.record_quiz_passed": LEARNERS_OWN,
    "courses.services.complete_course_if_finished": LEARNERS_OWN,
    "courses.services.record_completion": LEARNERS_OWN,
    "courses.services.restart_course": LEARNERS_OWN,
    "courses.services.take_break": LEARNERS_OWN,
    "courses.services.end_break": LEARNERS_OWN,
    "courses.services.set_assigned_renewals": "follows an assignment change, "
    "which is recorded",
    "courses.services.pairs_q": READ,
    "courses.services.grant_trainers_course_tree": "set-up of the page "
    "permissions (migrations and seed_demo); Wagtail logs permission changes",
    # quizzes: her attempts
    "quizzes.services.draw_questions": READ,
    "quizzes.services.snapshot": READ,
    "quizzes.services.translations_of": READ,
    "quizzes.services.start_attempt": LEARNERS_OWN,
    "quizzes.services.save_answer": LEARNERS_OWN,
    "quizzes.services.save_answers": LEARNERS_OWN,
    "quizzes.services.submit_attempt": LEARNERS_OWN,
    "quizzes.services.practice_questions": READ,
    "quizzes.services.grade_practice": "practice questions: nothing is stored",
    # reflections: private
    "reflections.services.clean_note": READ,
    "reflections.services.draft_too_long": READ,
    "reflections.services.too_long": READ,
    "reflections.services.save_reflection": PRIVATE,
    "reflections.services.delete_reflection": PRIVATE,
    "reflections.services.save_check_in": PRIVATE,
    "reflections.services.delete_check_in": PRIVATE,
    "reflections.services.save_lesson_writing": PRIVATE,
    "reflections.services.finish_lesson": PRIVATE,
    "reflections.services.draft_keys": READ,
    "reflections.services.keep_draft": "an unsaved draft of " + PRIVATE,
    # certificates
    "certificates.services.verification_url": READ,
    "certificates.services.lookup_url": READ,
    "certificates.services.certificate_design": READ,
    "certificates.services.issue_for_enrolment": "issued by the platform on her "
    "completion; the certificate keeps when, and for which completion",
    "certificates.services.sample_pdf": "a sample certificate for the design "
    "page, of nobody; nothing is stored",
    "certificates.services.render": "draws the PDF of an issued certificate",
    # badges
    "badges.services.issue_for_certificate": "signs the Open Badges credential "
    "of a certificate the platform issued; the credential keeps when",
    "badges.services.issue_missing": "the same, for certificates issued without "
    "one (the daily run)",
    "badges.services.withdraw_for_user": "part of erasing her account, which "
    "records the erasure",
    # agencies
    "agencies.services.assignments.users_covered": READ,
    "agencies.services.assignments.email_after_commit": "schedules the emails of "
    "a change its caller records",
    "agencies.services.joining.invitation_is_open": READ,
    "agencies.services.joining.invitation_problem": READ,
    "agencies.services.requirements.sync_requirements": "brings requirements "
    "in line after a change its caller records",
    # operations: the task queue
    "operations.services.uses_database_backend": READ,
    "operations.services.attempt_of": READ,
    "operations.services.lease_for": READ,
    "operations.services.retry_delay": READ,
    "operations.services.retry_failed_task": "runs a failed background task "
    "again; its TaskRetry row records who, when and which",
    "operations.services.retry_failed_tasks": "the scheduled form of "
    "retry_failed_task (TaskRetry rows)",
    "operations.services.recover_lost_tasks": "marks lost tasks failed so they "
    "are retried (TaskRetry rows); no person's data",
    # privacy
    # evidence
    "evidence.services.build_url": READ,
    "evidence.services.verification_url": READ,
    "evidence.services.filters_in_words": READ,
    "evidence.services.request_build": "asks for a build; building it records "
    "what was built, with its filters and counts (run_build)",
    "evidence.services.pack_for_agency": "request_build for a whole agency",
    "evidence.services.retry_build": "starts a failed build again; the build "
    "records itself when done",
    "evidence.services.send_ready_email": "tells whoever asked; SentEmail keeps it",
    "evidence.services.sweep_expired": "deletes download files past their "
    "expiry; each build, its manifest and its verification page stay",
    "privacy.services.retention_period": READ,
    "privacy.services.retention_candidates": READ,
}


# Services that must record, and how to call each one. ------------------------------


@dataclass
class World:
    """The people and things a service is called with: Coventry Probation, its
    North team, Maya (manager of the whole agency), Alice (a learner in North),
    Leah (a learner in no agency), Tara (a Kairos trainer), and a course."""

    agency: object
    north: object
    manager: object
    alice: Membership
    learner: object
    trainer: object
    course: object

    @property
    def scope(self) -> Scope:
        return Scope(agency=self.agency)

    def due(self, days: int = 14) -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=days)

    def invitation(self, email: str = "new@x.org") -> Invitation:
        _, invitation = agencies.invite(
            scope=self.scope,
            by=self.manager,
            email=email,
            full_name="Nell New",
            team=self.north,
        )
        return invitation

    def assignment(self):
        return agencies.assign(
            scope=self.scope,
            by=self.manager,
            course=self.course,
            due_date=self.due(),
            membership=self.alice,
        )

    def requirement_id(self) -> int:
        """Alice's requirement of the course, assigned to her."""
        self.assignment()
        return self.alice.user.requirements.get().pk

    def more_time_request(self):
        return agencies.request_more_time(
            user=self.alice.user,
            requirement_id=self.requirement_id(),
            until=self.due(40),
        )

    def certificate(self) -> Certificate:
        return Certificate.objects.create(
            user=self.alice.user,
            course=self.course,
            completed_at=timezone.now(),
            learner_name="Alice Adams",
            course_title=self.course.title,
            cpd_hours=1,
        )


def _resend(w: World) -> dict:
    return {"scope": w.scope, "by": w.manager, "invitation_id": w.invitation().pk}


def _accept(w: World) -> dict:
    return {"token": w.invitation(w.learner.email).token, "user": w.learner}


def _restore(w: World) -> dict:
    removal = agencies.unassign(assignment=w.assignment(), actor=w.manager)
    return {"scope": w.scope, "by": w.manager, "removal": removal}


def _mark(w: World) -> dict:
    courses.enrol(user=w.alice.user, course=w.course)
    quiz = make_quiz(course=w.course, title="Release day", questions=[free_text()])
    attempt = take_quiz(w.alice.user, quiz)
    return {
        "marker": w.trainer,
        "response": essay_response(attempt),
        "marks": Decimal(1),
    }


def _pack(w: World) -> dict:
    from evidence import services as evidence

    return {
        "build": evidence.request_build(
            kind="pack", scope=w.scope, by=w.manager, start=False
        )
    }


def _built_pack(w: World) -> dict:
    from evidence import services as evidence

    build = _pack(w)["build"]
    evidence.run_build(build.pk)
    build.refresh_from_db()
    return {"build": build}


def _erase_inactive(w: World) -> dict:
    from privacy import services as privacy

    now = timezone.now()
    w.learner.last_login = now - datetime.timedelta(days=5000)
    w.learner.save(update_fields=["last_login"])
    privacy.erase_inactive_accounts(now=now)  # her warning first
    return {"now": now + datetime.timedelta(days=365)}


CALLS: dict[str, tuple[str, Callable[[World], dict]]] = {
    # accounts
    "accounts.services.reset_two_factor": (
        Action.TWO_FACTOR_RESET,
        lambda w: {"user": w.learner, "actor": w.trainer},
    ),
    # audit
    "audit.services.record": (
        Action.PERSON_VIEWED,
        lambda w: {"actor": w.manager, "action": Action.PERSON_VIEWED},
    ),
    # agencies: invitations
    "agencies.services.invitations.invite": (
        Action.INVITATION_SENT,
        lambda w: {
            "scope": w.scope,
            "by": w.manager,
            "email": "new@x.org",
            "full_name": "Nell New",
            "team": w.north,
        },
    ),
    "agencies.services.invitations.import_invitations": (
        Action.INVITATION_SENT,
        lambda w: {
            "scope": w.scope,
            "by": w.manager,
            "data": b"full_name,email,team\nNell New,new@x.org,North\n",
        },
    ),
    "agencies.services.invitations.resend_invitation": (
        Action.INVITATION_RESENT,
        _resend,
    ),
    "agencies.services.invitations.cancel_invitation": (
        Action.INVITATION_CANCELLED,
        _resend,
    ),
    # agencies: joining and the join code
    "agencies.services.joining.accept_invitation": (
        Action.MEMBERSHIP_ADDED,
        _accept,
    ),
    "agencies.services.joining.create_account_and_join": (
        Action.MEMBERSHIP_ADDED,
        lambda w: {
            "token": w.invitation().token,
            "full_name": "Nell New",
            "password": "a-long-passphrase-2026",
        },
    ),
    "agencies.services.joining.join_with_code": (
        Action.MEMBERSHIP_ADDED,
        lambda w: {"user": w.learner, "code": w.agency.join_code},
    ),
    "agencies.services.joining.audit_membership": (
        Action.MEMBERSHIP_CHANGED,
        lambda w: {
            "membership": w.alice,
            "actor": w.manager,
            "action": Action.MEMBERSHIP_CHANGED,
        },
    ),
    "agencies.services.joining.rotate_join_code": (
        Action.JOIN_CODE_ROTATED,
        lambda w: {"scope": w.scope, "by": w.manager},
    ),
    "agencies.services.joining.show_join_code": (
        Action.JOIN_CODE_VIEWED,
        lambda w: {"scope": w.scope, "by": w.manager},
    ),
    # agencies: assignments and more time
    "agencies.services.assignments.assign": (
        Action.ASSIGNMENT_CREATED,
        lambda w: {
            "scope": w.scope,
            "by": w.manager,
            "course": w.course,
            "due_date": w.due(),
            "team": w.north,
        },
    ),
    "agencies.services.assignments.change_due_date": (
        Action.ASSIGNMENT_CHANGED,
        lambda w: {
            "assignment": w.assignment(),
            "due_date": w.due(30),
            "actor": w.manager,
        },
    ),
    "agencies.services.assignments.unassign": (
        Action.ASSIGNMENT_REMOVED,
        lambda w: {"assignment": w.assignment(), "actor": w.manager},
    ),
    "agencies.services.assignments.restore_assignment": (
        Action.ASSIGNMENT_CREATED,
        _restore,
    ),
    "agencies.services.more_time.request_more_time": (
        Action.MORE_TIME_REQUESTED,
        lambda w: {
            "user": w.alice.user,
            "requirement_id": w.requirement_id(),
            "until": w.due(40),
        },
    ),
    "agencies.services.more_time.decide_more_time": (
        Action.ASSIGNMENT_CHANGED,
        lambda w: {
            "scope": w.scope,
            "by": w.manager,
            "request_id": w.more_time_request().pk,
        },
    ),
    "agencies.services.quiz_time.agree_quiz_time": (
        Action.QUIZ_TIME_AGREED,
        lambda w: {
            "scope": w.scope,
            "by": w.manager,
            "membership_id": w.alice.pk,
            "multiplier": "2",
        },
    ),
    "agencies.services.quiz_time.agree_quiz_time_as_trainer": (
        Action.QUIZ_TIME_AGREED,
        lambda w: {"by": w.trainer, "user_id": w.learner.pk, "multiplier": "2"},
    ),
    # certificates and marking
    "certificates.services.revoke": (
        Action.CERTIFICATE_REVOKED,
        lambda w: {"certificate": w.certificate(), "by": w.trainer, "reason": "Typo"},
    ),
    "certificates.services.reissue": (
        Action.CERTIFICATE_REISSUED,
        lambda w: {"certificate": w.certificate(), "by": w.trainer, "reason": "Typo"},
    ),
    "quizzes.services.mark_response": (Action.ANSWER_MARKED, _mark),
    # privacy
    "privacy.services.erase_account": (
        Action.ACCOUNT_ERASED,
        lambda w: {"user": w.learner, "reason": "She asked", "actor": w.trainer},
    ),
    "privacy.services.record_export": (
        Action.DATA_EXPORTED,
        lambda w: {"user": w.learner},
    ),
    "privacy.services.erase_inactive_accounts": (
        Action.ACCOUNT_ERASED,
        _erase_inactive,
    ),
    # support
    "evidence.services.run_build": (
        Action.EVIDENCE_PACK_BUILT,
        lambda w: {"build_id": _pack(w)["build"].pk},
    ),
    "evidence.services.record_download": (
        Action.EVIDENCE_PACK_DOWNLOADED,
        lambda w: {**_built_pack(w), "by": w.manager},
    ),
    "evidence.services.record_verification": (
        Action.EVIDENCE_PACK_VERIFIED,
        _built_pack,
    ),
    "support.services.save_agency_support": (
        Action.SUPPORT_DETAILS_CHANGED,
        lambda w: {
            "scope": w.scope,
            "by": w.manager,
            "employee_assistance": "Call 0800 000 000",
            "clinical_supervision": "",
            "contacts": "",
        },
    ),
}


def unaccounted() -> str:
    """What is wrong with the lists, in words for whoever wrote a service;
    "" when every service is accounted for."""
    services = set(discovered_services())
    if not services:
        return "No service modules were found: the discovery is broken."
    both = set(ALLOWED) & set(CALLS)
    if both:
        return f"In both ALLOWED and CALLS: {sorted(both)}."
    missing = sorted(services - set(ALLOWED) - set(CALLS))
    if missing:
        return (
            "These services are neither known to record an audit event nor "
            f"allowed to record none: {missing}. If a service changes or exports "
            "data, make it call audit.services.record and add it to CALLS in "
            "tests/test_audit_completeness.py (a builder of its arguments and "
            "the action it records); if it legitimately records nothing, add it "
            "to ALLOWED there with a one-line reason."
        )
    gone = sorted((set(ALLOWED) | set(CALLS)) - services)
    if gone:
        return f"No longer services (remove them from this file): {gone}."
    return ""


def test_every_service_is_audited_or_allowed():
    problem = unaccounted()
    assert not problem, problem


def test_a_new_service_in_neither_list_fails_saying_what_to_do(monkeypatch):
    from agencies.services import joining

    def move_agency(*, scope, by):
        """A new service nobody has listed yet."""

    move_agency.__module__ = joining.__name__
    monkeypatch.setattr(joining, "move_agency", move_agency, raising=False)
    problem = unaccounted()
    assert "['agencies.services.joining.move_agency']" in problem
    assert "add it to CALLS" in problem
    assert "ALLOWED there with a one-line reason" in problem


@pytest.fixture
def world(agency, north, manager, alice, learner, trainer, course):  # noqa: F811
    return World(
        agency=agency,
        north=north,
        manager=manager,
        alice=alice,
        learner=learner,
        trainer=trainer,
        course=course,
    )


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_service_records_its_event(name, world, settings):
    settings.INACTIVE_ACCOUNT_RETENTION_DAYS = 1095
    settings.INACTIVE_ACCOUNT_WARNING_DAYS = 30
    action, arguments = CALLS[name]
    service = discovered_services()[name]
    kwargs = arguments(world)
    since = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    service(**kwargs)

    recorded = AuditEvent.objects.filter(pk__gt=since or 0)
    assert recorded.filter(action=action).exists(), (
        f"{name} recorded no {action!r} event; it recorded "
        f"{sorted(recorded.values_list('action', flat=True))}"
    )


def test_a_change_is_recorded_as_only_what_changed_with_dates_in_iso(
    manager,  # noqa: F811
):
    from audit.services import before_and_after, record

    day = datetime.date(2026, 11, 26)
    event = record(
        actor=manager,
        action=Action.ASSIGNMENT_CHANGED,
        details=before_and_after(
            {"due_date": day, "renew_every_months": 12, "team": "North"},
            {"due_date": day.replace(day=30), "renew_every_months": 12, "team": None},
        ),
    )
    event.refresh_from_db()
    assert event.details == {
        "before": {"due_date": "2026-11-26", "team": "North"},
        "after": {"due_date": "2026-11-30", "team": None},
    }
