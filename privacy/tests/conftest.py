"""A learner with something of every kind held about her, and another learner
with the same, for the privacy tests."""

import datetime
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessLog
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Agency, Invitation, Membership, ReminderLog, Requirement
from agencies.selectors import Scope
from agencies.tests.conftest import member
from certificates.tests.conftest import complete
from courses import services as course_services
from courses.models import LessonPage
from courses.tests.factories import make_course
from quizzes import services as quiz_services
from quizzes.tests.factories import free_text, make_quiz, right_answer, single
from reflections import services as reflection_services
from reflections.tests.conftest import PROMPTS, lesson_with_prompts, prompt_ids

HER_DRAFT = "Juniper lamp: a second thought I had not saved yet."
HER_FREE_TEXT = "Quartzfern: I would ask her what she needs first."
MARKER_COMMENT = "Lovely: centring her choice is exactly right."
HER_REFLECTION = "Tamarisk: I rushed the first meeting."


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )


@pytest.fixture
def manager(agency):
    return member(agency, role=Membership.Role.MANAGER, full_name="Maya Brooks").user


@pytest.fixture
def quiz(course):
    return make_quiz(
        course=course,
        questions=[single(text="What comes first?"), free_text(text="Why?")],
        title="Check your understanding",
        pass_mark=100,
    )


@pytest.fixture
def reflective_lesson(course):
    return lesson_with_prompts(course, 1, title="Pausing to reflect")


@pytest.fixture
def certificate_course(catalogue):
    return make_course(
        catalogue=catalogue,
        lessons=2,
        title="Responding to exploitation",
        cpd_hours="2.5",
        validity_months=12,
    )


def give_history(
    user,
    *,
    agency,
    manager,
    trainer,
    course,
    quiz,
    lesson,
    certificate_course,
    capture,
    attempts: int = 1,
):
    """Give her something of every kind: membership, assigned course, more-time
    request, reminder, invitation, enrolments, lessons, a break, quiz attempts
    (one marked by a trainer), a certificate with its PDF, a reflection, a
    check-in and sign-in records."""
    membership = Membership.objects.create(
        user=user, agency=agency, role=Membership.Role.LEARNER
    )
    agency_services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        membership=membership,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    agency_services.sync_requirements([user.pk])
    requirement = Requirement.objects.get(user=user, course=course)
    agency_services.request_more_time(
        user=user,
        requirement_id=requirement.pk,
        until=requirement.due_date + datetime.timedelta(days=30),
    )
    ReminderLog.objects.create(
        user=user,
        requirement=requirement,
        kind=ReminderLog.Kind.DUE_SOON,
        sent_on=timezone.localdate(),
    )
    Invitation.objects.create(
        agency=agency,
        email=user.email.upper(),
        full_name=user.full_name,
        invited_by=manager,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    course_services.enrol(user=user, course=course)
    first_lesson = LessonPage.objects.live().child_of(course).order_by("path").first()
    course_services.complete_lesson(user=user, lesson=first_lesson)
    reflection_services.save_reflection(
        user=user,
        lesson=lesson,
        block_id=prompt_ids(lesson)[0],
        prompt=PROMPTS[0],
        text=HER_REFLECTION,
    )
    reflection_services.save_check_in(user=user, lesson=lesson, feeling="okay")
    # Saving the note left its draft empty at version 1; she went on writing.
    reflection_services.keep_draft(
        user=user, lesson=lesson, key=prompt_ids(lesson)[0], text=HER_DRAFT, version=1
    )
    for number in range(attempts):
        attempt = quiz_services.start_attempt(user=user, quiz=quiz)
        single_question, free_question = sorted(
            attempt.questions, key=lambda q: q["kind"] != "single"
        )
        quiz_services.save_answer(
            user=user,
            attempt=attempt,
            question_key=single_question["key"],
            answer=right_answer(single_question),
        )
        quiz_services.save_answer(
            user=user,
            attempt=attempt,
            question_key=free_question["key"],
            answer=[HER_FREE_TEXT],
        )
        quiz_services.submit_attempt(user=user, attempt=attempt)
        # Marked, so she may try again (no retake while one waits for a
        # trainer); the first with a comment.
        quiz_services.mark_response(
            marker=trainer,
            response=attempt.responses.get(question_key=free_question["key"]),
            marks=Decimal(0),
            comment=MARKER_COMMENT if number == 0 else "",
        )
    # After the quiz: her next step in the course would end the break.
    course_services.take_break(user=user, page=lesson)
    with capture(execute=True):
        complete(user, certificate_course)
    AccessLog.objects.create(
        username=user.email,
        ip_address="203.0.113.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/sign-in/",
    )
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="203.0.113.8",
        user_agent="Chrome",
        http_accept="*/*",
        path_info="/accounts/sign-in/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    return user


@pytest.fixture
def history(
    agency,
    manager,
    trainer,
    course,
    quiz,
    reflective_lesson,
    certificate_course,
    django_capture_on_commit_callbacks,
):
    def make(user, attempts: int = 1):
        return give_history(
            user,
            agency=agency,
            manager=manager,
            trainer=trainer,
            course=course,
            quiz=quiz,
            lesson=reflective_lesson,
            certificate_course=certificate_course,
            capture=django_capture_on_commit_callbacks,
            attempts=attempts,
        )

    return make


@pytest.fixture
def her(history, learner):
    return history(learner)


@pytest.fixture
def them(history, other_learner):
    return history(other_learner)
