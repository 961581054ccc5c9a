"""Demo agencies for `seed_demo`: two agencies with teams, the demo manager
managing one of them, and a dozen staff in every state a dashboard shows."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import CoursePage, Enrolment, LessonPage, StepProgress

from . import services
from .models import Agency, Assignment, Membership, Team
from .selectors import Scope

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


def _set_state(user, course: CoursePage, state: str, today: datetime.date) -> None:
    if state == "not_started" or state == "overdue":
        return
    enrolment, _ = Enrolment.objects.get_or_create(user=user, course=course)
    lessons = list(LessonPage.objects.live().child_of(course))
    if state == "in_progress":
        StepProgress.objects.get_or_create(user=user, step=lessons[0], course=course)
        return
    days_ago = {"done": 20, "expiring": 340, "expired": 400}[state]
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        enrolled_at=moment - datetime.timedelta(days=1), completed_at=moment
    )


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
