"""Demo agencies for `seed_demo`: two agencies with teams, the demo manager
managing one of them, and a dozen staff in every state a dashboard shows."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from agencies import services
from agencies.models import Agency, Assignment, Membership, Team
from agencies.selectors import Scope
from courses import services as course_services
from courses.models import CoursePage, LessonPage
from quizzes import services as quiz_services
from quizzes.models import QuizPage

PROBATION = "Coventry Probation Delivery Unit"
HOUSING = "Midlands Women's Housing Partnership"

# name, team, state of the main course, state of the release-day course
STAFF = [
    ("Amira Hussain", "Coventry North", "done", "done"),
    ("Bethany Clarke", "Coventry North", "in_progress", "overdue"),
    ("Chloe Adeyemi", "Coventry North", "not_started", "expiring"),
    ("Dana Whitfield", "Coventry North", "done", "expired"),
    ("Esther Nowak", "Coventry South", "done", "done"),
    ("Fatima Begum", "Coventry South", "in_progress", "in_progress"),
    ("Grace O'Connor", "Coventry South", "not_started", "overdue"),
    ("Hannah Lewis", "Coventry South", "done", "expiring"),
    ("Imogen Price", "Nuneaton", "in_progress", "not_started"),
    ("Jasmine Kaur", "Nuneaton", "done", "done"),
    ("Kerry-Ann Brown", "Nuneaton", "not_started", "overdue"),
    ("Lucy Ferreira", "Nuneaton", "done", "in_progress"),
]


def take_course(user, course: CoursePage, *, now: datetime.datetime | None = None):
    """She takes the whole course as a learner does, through the same services:
    enrols, reads every lesson, passes every quiz (answering each question
    right), all at `now`. The course completes and its certificate is issued."""
    now = now or timezone.now()
    course_services.enrol(user=user, course=course, now=now)
    for lesson in LessonPage.objects.live().child_of(course):
        course_services.complete_lesson(user=user, lesson=lesson, now=now)
    for quiz in QuizPage.objects.live().child_of(course):
        attempt = quiz_services.start_attempt(user=user, quiz=quiz, now=now)
        for question in attempt.questions:
            quiz_services.save_answer(
                user=user,
                attempt=attempt,
                question_key=question["key"],
                answer=[c["id"] for c in question["choices"] if c["correct"]],
                now=now,
            )
        quiz_services.submit_attempt(user=user, attempt=attempt, now=now)


def _set_state(user, course: CoursePage, state: str, today: datetime.date) -> None:
    if state == "not_started" or state == "overdue":
        return
    if state == "in_progress":
        course_services.enrol(user=user, course=course)
        first = LessonPage.objects.live().child_of(course).order_by("path").first()
        course_services.complete_lesson(user=user, lesson=first)
        return
    days_ago = {"done": 20, "expiring": 340, "expired": 400}[state]
    take_course(user, course, now=timezone.now() - datetime.timedelta(days=days_ago))


def seed_agencies(*, courses: list[CoursePage], learner, manager, password: str):
    """Idempotent: an agency that exists is left as it is."""
    if Agency.objects.filter(name=PROBATION).exists():
        return
    main, release = courses
    today = timezone.localdate()
    probation = Agency.objects.create(
        name=PROBATION, kind=Agency.Kind.PROBATION, region="West Midlands"
    )
    teams = {
        name: Team.objects.create(agency=probation, name=name)
        for name in ("Coventry North", "Coventry South", "Nuneaton")
    }
    housing = Agency.objects.create(
        name=HOUSING, kind=Agency.Kind.HOUSING, region="West Midlands"
    )
    Team.objects.create(agency=housing, name="Supported housing")

    Membership.objects.create(
        user=manager, agency=probation, role=Membership.Role.MANAGER
    )
    Membership.objects.create(
        user=learner, agency=probation, team=teams["Coventry North"]
    )
    User = get_user_model()
    for name, team, main_state, release_state in STAFF:
        email = name.lower().replace(" ", ".").replace("'", "") + "@probation.demo"
        user = User.objects.create_user(email=email, password=password, full_name=name)
        Membership.objects.create(user=user, agency=probation, team=teams[team])
        _set_state(user, main, main_state, today)
        _set_state(user, release, release_state, today)

    # Everyone joined months ago, before the courses were assigned.
    Membership.objects.filter(agency=probation).update(
        joined_at=timezone.now() - datetime.timedelta(days=120)
    )
    scope = Scope(agency=probation)
    services.assign(
        scope=scope,
        by=manager,
        course=main,
        due_date=today + datetime.timedelta(days=30),
    )
    release_assignment = services.assign(
        scope=scope,
        by=manager,
        course=release,
        due_date=today + datetime.timedelta(days=7),
        renew_every_months=12,
    )
    # The release-day course was due ten days ago: a standing assignment.
    Assignment.objects.filter(pk=release_assignment.pk).update(
        due_date=today - datetime.timedelta(days=10),
        created_at=timezone.now() - datetime.timedelta(days=60),
    )
    services.sync_requirements(
        Membership.objects.filter(agency=probation).values_list("user_id", flat=True)
    )
