"""Reads for privacy: everything held about one person, as plain data.

`export_for` is the one definition of "her data": the JSON download and the
readable page both show what it returns. A fixed number of queries, however
much she has done (no query per attempt, course or lesson).
"""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from accounts import notifications
from accounts.models import EmailOptOut
from agencies import selectors as agency_selectors
from agencies.models import (
    ExtensionRequest,
    Invitation,
    Membership,
    ReminderLog,
    Requirement,
)
from audit.models import AuditEvent
from badges import selectors as badges_selectors
from certificates.models import Certificate
from courses.models import BreakPoint, Completion, Enrolment, StepProgress
from quizzes import grading
from quizzes import selectors as quiz_selectors
from quizzes.models import Attempt, TimeAdjustment
from reflections import selectors as reflection_selectors

from .models import RetentionNotice

ERASED_NAME = "Erased learner"
ERASED_DOMAIN = "invalid"


def _moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def is_erased(user) -> bool:
    return user.email.endswith(f"@{ERASED_DOMAIN}")


def last_seen(user) -> datetime.datetime:
    """When she last signed in, or joined if she never has."""
    return user.last_login or user.date_joined


# The export -------------------------------------------------------------------


def _titles_by_path(paths) -> dict[str, str]:
    """Page titles by path, in one query (none when there are no paths)."""
    paths = {path for path in paths if path}
    if not paths:
        return {}
    return dict(Page.objects.filter(path__in=paths).values_list("path", "title"))


def _parent(path: str) -> str:
    return path[: -Page.steplen]


def _account(user) -> dict:
    return {
        "full_name": user.full_name,
        "email": user.email,
        "joined": _moment(user.date_joined),
        "last_signed_in": _moment(user.last_login),
        "active": user.is_active,
    }


def _emails_turned_off(user) -> list[dict]:
    labels = dict(notifications.Kind.choices)
    return [
        {"email": str(labels.get(kind, kind)), "turned_off": _moment(created_at)}
        for kind, created_at in EmailOptOut.objects.filter(user=user)
        .order_by("kind")
        .values_list("kind", "created_at")
    ]


def _membership(user) -> dict | None:
    membership = (
        Membership.objects.filter(user=user).select_related("agency", "team").first()
    )
    if membership is None:
        return None
    return {
        "agency": membership.agency.name,
        "team": membership.team.name if membership.team else None,
        "role": str(membership.get_role_display()),
        "joined": _moment(membership.joined_at),
    }


def _invitations(user) -> list[dict]:
    invitations = (
        Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))
        .select_related("agency", "team")
        .order_by("created_at", "pk")
    )
    return [
        {
            "agency": invitation.agency.name,
            "team": invitation.team.name if invitation.team else None,
            "name_given": invitation.full_name,
            "email": invitation.email,
            "sent": _moment(invitation.created_at),
            "expires": _moment(invitation.expires_at),
            "accepted": _moment(invitation.accepted_at),
        }
        for invitation in invitations
    ]


def _assigned_training(user) -> list[dict]:
    # The status in the words My learning uses: the one rule for every
    # assigned course (agencies.selectors.with_status).
    requirements = agency_selectors.with_status(
        Requirement.objects.filter(user=user)
        .select_related("course", "agency", "assignment")
        .order_by("due_date", "pk")
    )
    return [
        {
            "course": requirement.course.title,
            "agency": requirement.agency.name,
            "due_date": _day(requirement.due_date),
            "extended_to": _day(requirement.extended_to),
            "renew_every_months": requirement.renew_every_months,
            "assigned_to_you_by_name": requirement.assignment.user_id == user.pk,
            "status": agency_selectors.cell_for(requirement).learner_label,
        }
        for requirement in requirements
    ]


def _more_time_requests(user) -> list[dict]:
    requests = (
        ExtensionRequest.objects.filter(requirement__user=user)
        .select_related("requirement__course")
        .order_by("created_at", "pk")
    )
    return [
        {
            "course": request.requirement.course.title,
            "asked_on": _moment(request.created_at),
            "date_asked_for": _day(request.requested_date),
            "status": str(request.get_status_display()),
            "date_agreed": _day(request.agreed_date),
            "answered_on": _moment(request.decided_at),
        }
        for request in requests
    ]


def _quiz_time(user) -> dict | None:
    adjustment = TimeAdjustment.objects.filter(user=user).first()
    if adjustment is None:
        return None
    return {
        "agreed": adjustment.get_multiplier_display() or None,
        "agreed_on": _moment(adjustment.granted_at),
        "asked_on": _moment(adjustment.requested_at),
    }


def _reminders(user) -> list[dict]:
    reminders = (
        ReminderLog.objects.filter(user=user)
        .order_by("sent_on", "pk")
        .values("kind", "sent_on", "requirement__course__title")
    )
    kinds = dict(ReminderLog.Kind.choices)
    return [
        {
            "reminder": str(kinds.get(row["kind"], row["kind"])),
            "course": row["requirement__course__title"],
            "sent_on": _day(row["sent_on"]),
        }
        for row in reminders
    ]


def _learning(user) -> list[dict]:
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .order_by("enrolled_at", "pk")
        .values(
            "course_id",
            "course__title",
            "course__path",
            "enrolled_at",
            "completed_at",
            "restarted_at",
        )
    )
    progress = list(
        StepProgress.objects.filter(user=user)
        .order_by("step__path")
        .values("course__path", "course__title", "step__title", "completed_at")
    )
    breaks = list(
        BreakPoint.objects.filter(user=user).values(
            "course_id", "course__title", "course__path", "page__title", "saved_at"
        )
    )
    courses: dict[str, dict] = {}

    def course_entry(path: str, title: str | None) -> dict:
        return courses.setdefault(
            path,
            {
                "course": title,
                "enrolled": None,
                "completed": None,
                "started_again_to_renew": None,
                "steps_finished": [],
                "break": None,
            },
        )

    for row in enrolments:
        entry = course_entry(row["course__path"], row["course__title"])
        entry["enrolled"] = _moment(row["enrolled_at"])
        entry["completed"] = _moment(row["completed_at"])
        entry["started_again_to_renew"] = _moment(row["restarted_at"])
    for row in breaks:
        course_entry(row["course__path"], row["course__title"])["break"] = {
            "stopped_at": row["page__title"],
            "saved": _moment(row["saved_at"]),
        }
    for row in progress:
        entry = course_entry(row["course__path"], row["course__title"])
        entry["steps_finished"].append(
            {"step": row["step__title"], "finished": _moment(row["completed_at"])}
        )
    return [courses[path] for path in sorted(courses)]


def _completed_courses(user) -> list[dict]:
    completions = (
        Completion.objects.filter(user=user)
        .select_related("course")
        .order_by("completed_at", "pk")
    )
    return [
        {
            "course": completion.course.title,
            "completed": _moment(completion.completed_at),
            "course_version": completion.version_label,
            "content_fingerprint": completion.fingerprint,
            "steps": [step.get("title") for step in completion.steps],
            "recorded_afterwards": completion.backfilled,
        }
        for completion in completions
    ]


def _answer_text(question: dict, answer: list) -> str:
    if question.get("kind") == grading.FREE_TEXT:
        return str(answer[0]) if answer else ""
    texts = {choice["id"]: choice["text"] for choice in question.get("choices", [])}
    return "; ".join(texts.get(choice_id, "") for choice_id in answer)


def _quiz_attempts(user) -> list[dict]:
    attempts = list(
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .only(
            "number",
            "started_at",
            "submitted_at",
            "status",
            "passed",
            "pass_mark",
            "questions",
            "quiz__title",
            "quiz__path",
        )
        .prefetch_related("responses")
        .order_by("started_at", "pk")
    )
    course_titles = _titles_by_path(_parent(a.quiz.path) for a in attempts)
    exported = []
    for attempt in attempts:
        responses = {r.question_key: r for r in attempt.responses.all()}
        score = quiz_selectors.score(attempt)  # the one scoring rule
        answers = []
        for question in attempt.questions:
            response = responses.get(question["key"])
            answers.append(
                {
                    "question": question.get("text", ""),
                    "your_answer": _answer_text(
                        question, response.answer if response else []
                    ),
                    "correct": response.is_correct if response else None,
                    "marks": _number(response.marks) if response else None,
                    "out_of": question.get("points"),
                    "marker_feedback": response.comment if response else "",
                    "marked_on": _moment(response.marked_at) if response else None,
                }
            )
        exported.append(
            {
                "quiz": attempt.quiz.title,
                "course": course_titles.get(_parent(attempt.quiz.path)),
                "attempt": attempt.number,
                "started": _moment(attempt.started_at),
                "submitted": _moment(attempt.submitted_at),
                "status": attempt.get_status_display(),
                "passed": attempt.passed,
                "score": {
                    "marks": _number(score.marks),
                    "out_of": _number(score.possible),
                    "percent": score.percent,
                    "pass_mark_percent": attempt.pass_mark,
                },
                "answers": answers,
            }
        )
    return exported


def _certificates(user) -> list[dict]:
    # The verification token is left out: it is a key to the certificate, not
    # information about her.
    certificates = Certificate.objects.filter(user=user).order_by("issued_at", "pk")
    return [
        {
            "reference": certificate.reference,
            "name_on_certificate": certificate.learner_name,
            "course": certificate.course_title,
            "cpd_hours": _number(certificate.cpd_hours),
            "completed": _moment(certificate.completed_at),
            "issued": _moment(certificate.issued_at),
            "valid_until": _day(certificate.expires_on),
            "status": str(Certificate.Status(certificate.status).label),
            "withdrawn_on": _moment(certificate.revoked_at),
            "withdrawn_because": certificate.revoked_reason or None,
        }
        for certificate in certificates
    ]


def _sign_in_records(user) -> dict:
    """What the sign-in protection (django-axes) keeps under her email address."""
    successful = AccessLog.objects.filter(username__iexact=user.email).order_by(
        "-attempt_time"
    )
    failed = AccessAttempt.objects.filter(username__iexact=user.email).order_by(
        "-attempt_time"
    )
    return {
        "sign_ins": [
            {
                "signed_in": _moment(row.attempt_time),
                "signed_out": _moment(row.logout_time),
                "address": row.ip_address,
                "browser": row.user_agent,
            }
            for row in successful
        ],
        "failed_sign_ins": [
            {
                "last_failure": _moment(row.attempt_time),
                "failures": row.failures_since_start,
                "address": row.ip_address,
                "browser": row.user_agent,
            }
            for row in failed
        ],
    }


def _retention_notice(user) -> dict | None:
    notice = RetentionNotice.objects.filter(user=user).first()
    if notice is None:
        return None
    return {"sent": _moment(notice.sent_at), "erase_after": _day(notice.erase_after)}


def _audit_events(user) -> list[dict]:
    """Audit log entries by her or about her. Who else acted is left out: that
    is the other person's data (the "Your data" page says who can see what)."""
    events = (
        AuditEvent.objects.filter(Q(actor=user) | Q(subject=user))
        .select_related("agency")
        .order_by("when", "pk")
    )
    return [
        {
            "when": _moment(event.when),
            "what_happened": event.get_action_display(),
            # What an event she did was about can name someone else: shown only
            # when it is about her, or about no one.
            "about": event.target_label
            if event.subject_id in (None, user.pk)
            else "another person",
            "agency": event.agency.name if event.agency_id else None,
            "done_by_you": event.actor_id == user.pk,
        }
        for event in events
    ]


def export_for(user) -> dict:
    """Everything held about her, JSON-serialisable, in sections with plain
    names. For her own eyes only: callers pass request.user."""
    data = {
        "about_this_file": {
            "service": "Kairos Learning",
            "created": _moment(timezone.now()),
            "time_zone": settings.TIME_ZONE,
        },
        "account": _account(user),
        "emails_turned_off": _emails_turned_off(user),
        "agency_membership": _membership(user),
        "invitations": _invitations(user),
        "assigned_training": _assigned_training(user),
        "more_time_requests": _more_time_requests(user),
        "more_time_on_timed_quizzes": _quiz_time(user),
        "reminders_sent": _reminders(user),
        "learning": _learning(user),
        "completed_courses": _completed_courses(user),
        "quiz_attempts": _quiz_attempts(user),
        "certificates": _certificates(user),
        "open_badges_credentials": badges_selectors.credentials_of(user),
        **reflection_selectors.export_for(user),
        "sign_in_records": _sign_in_records(user),
        "inactive_account_warning": _retention_notice(user),
        "audit_log": _audit_events(user),
    }
    return data
