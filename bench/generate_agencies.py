"""Generate agencies, staff, assignments and progress at scale, for benchmarks.

    python bench/generate_agencies.py --agencies 50 --learners 20000 --courses 30 \
        [--big-agency 5000] [--seed 1] [--password PASSWORD]

(with DJANGO_SETTINGS_MODULE and DATABASE_URL set as for manage.py). It lives in
bench/, not in an app: it is a benchmark's data, never the site's.

Builds, in one transaction and mostly with bulk inserts: a catalogue of courses
(each with three lessons), agencies of every kind with three to six teams each,
learners spread over them (one agency of exactly --big-agency people, its
manager included, for measuring the dashboard), one whole-agency manager per
agency (manager-<n>@bench.test; manager-1 manages the big agency), assignments,
the Requirement rows they imply (through services.sync_requirements, as the app
itself makes them) and enrolments in a realistic mix of states.

Meant for a fresh, throwaway database: it refuses to run with production
settings, and refuses to run twice on the same database. Every account shares
one password hash, computed once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script: the project's apps, not bench/ (whose agencies.py would
    # shadow the app), set up before anything of the project is imported.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kairos_learning.settings.dev")
    import django

    django.setup()

import datetime
import logging
import random
import time
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from agencies import records, services
from agencies.models import Agency, Assignment, Membership, Requirement, Team
from courses.blocks import LessonBodyBlock
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    StepProgress,
)
from kairos_learning.management.commands.seed_demo import (
    ensure_catalogue,
    ensure_home_page,
)

DEFAULT_PASSWORD = "bench-password-2026"  # noqa: S105 - throwaway benchmark login
EMAIL_DOMAIN = "bench.test"
LESSONS_PER_COURSE = 3
BATCH = 2000  # rows per INSERT, and user ids per sync_requirements call
PK_CHUNK = 900  # ids per "pk IN (...)" in the grouped updates

# The mix of states for each requirement (the rest are not started).
COMPLETED_SHARE = 0.40
IN_PROGRESS_SHARE = 0.25
RENEWING_SHARE = 0.03  # of requirements on a renewable course: restarted to renew
COMPLETED_WITHIN_DAYS = 456  # about 15 months
SELF_ENROLLED_SHARE = 0.10  # learners also taking one course nobody assigned them
HOURS = [2, 5, 8, 11]  # hours before midnight: 13:00, 16:00, 19:00 and 22:00
# From enrolling to completing: an hour, days, or weeks.
LAGS = [
    datetime.timedelta(hours=1),
    datetime.timedelta(days=1),
    datetime.timedelta(days=3),
    datetime.timedelta(days=9),
    datetime.timedelta(days=30),
]

REGIONS = [
    "West Midlands",
    "East Midlands",
    "North West",
    "North East",
    "Yorkshire and the Humber",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
]
TEAM_NAMES = [
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Community",
    "Custody",
    "Resettlement",
    "Courts liaison",
    "Outreach",
    "Women's services",
    "Youth",
]
FIRST_NAMES = [
    "Amira",
    "Bethany",
    "Chloe",
    "Dana",
    "Esther",
    "Fatima",
    "Grace",
    "Hannah",
    "Imogen",
    "Jasmine",
    "Kerry-Ann",
    "Lucy",
    "Maya",
    "Nadia",
    "Olivia",
    "Priya",
    "Rachel",
    "Sade",
    "Tamsin",
    "Uzma",
    "Vicky",
    "Wendy",
    "Yasmin",
    "Zoe",
    "Aaron",
    "Ben",
    "Callum",
    "Deepak",
    "Euan",
    "Femi",
    "Gareth",
    "Hamid",
]
SURNAMES = [
    "Adeyemi",
    "Begum",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Ferreira",
    "Green",
    "Hughes",
    "Hussain",
    "Jones",
    "Kaur",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "O'Connor",
    "Patel",
    "Price",
    "Roberts",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Walker",
    "Whitfield",
    "Williams",
    "Wilson",
]
COURSE_TOPICS = [
    "Trauma-informed practice",
    "Safeguarding adults",
    "Domestic abuse awareness",
    "Release-day planning",
    "Women in the justice system",
    "Mental health first response",
    "Substance use and recovery",
    "Housing and homelessness",
    "Working with interpreters",
    "Child contact and custody",
    "Exploitation and county lines",
    "Neurodiversity awareness",
    "Information sharing and GDPR",
    "Self-harm and suicide prevention",
    "Equality and inclusion",
]


class Command(BaseCommand):
    help = (
        "Generate agencies, staff, assignments and progress for benchmarks "
        "(a fresh database only; never with production settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=50, help="default 50")
        parser.add_argument(
            "--learners",
            type=int,
            default=20000,
            help="learner accounts in all, managers not counted (default 20000)",
        )
        parser.add_argument("--courses", type=int, default=30, help="default 30")
        parser.add_argument(
            "--big-agency",
            type=int,
            default=5000,
            help=(
                "people in the first agency, its manager included (default 5000; "
                "0 spreads learners evenly)"
            ),
        )
        parser.add_argument(
            "--sized",
            default="",
            help=(
                "exact sizes for the agencies after the first, people with their "
                "manager, comma-separated (e.g. 1000,20000): agencies of known "
                "size for comparing the dashboard's cost"
            ),
        )
        parser.add_argument("--seed", type=int, default=1, help="default 1")
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"every account's password (default {DEFAULT_PASSWORD})",
        )

    def handle(self, *args, **options):
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise CommandError(
                "generate_agencies refuses to run with production settings."
            )
        self._check(options)
        # Reproducible data, not security: a seeded generator is the point.
        self.rng = random.Random(options["seed"])  # noqa: S311
        self.now = timezone.now()
        self.today = timezone.localdate()
        # Generated times count back from the start of today (local time).
        self.midnight = timezone.make_aware(
            datetime.datetime.combine(self.today, datetime.time.min)
        )
        self.timings: list[tuple[str, float]] = []
        self.counts: dict[str, int] = {}
        started = time.perf_counter()
        # Wagtail logs a line for every page it creates: four for each course.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        wagtail_log.setLevel(logging.WARNING)
        try:
            self._generate(options)
        finally:
            wagtail_log.setLevel(level)
        total = time.perf_counter() - started
        self._report(total, options)

    def _generate(self, options) -> None:
        with transaction.atomic():
            catalogue = self._step("Catalogue", self._catalogue)
            courses = self._step(
                "Courses and lessons", self._courses, catalogue, options["courses"]
            )
            agencies, teams = self._step(
                "Agencies and teams", self._agencies, options["agencies"]
            )
            self.managers = self._step(
                "Learners and managers",
                self._people,
                agencies,
                teams,
                options["learners"],
                options["big_agency"],
                options["password"],
                self.sized,
            )
            self._step("Assignments", self._assignments, agencies, teams, courses)
            self._step("Requirements", self._requirements, agencies)
            self._step("Enrolments and progress", self._progress, agencies, courses)
            # Enrolments and progress are bulk-written for speed (20,000 people
            # through the services would take many minutes): the requirements'
            # stored dates are then brought up to date by the same service the
            # site uses, and `check_learning_record` (CI) confirms they agree.
            self._step("Stored learning records", self._records)

    def _records(self) -> None:
        records.refresh(Requirement.objects.values_list("user_id", "course_id"))

    # Checks and reporting ------------------------------------------------------

    def _check(self, options) -> None:
        try:
            self.sized = [int(size) for size in options["sized"].split(",") if size]
        except ValueError as error:
            raise CommandError(
                "--sized takes whole numbers, comma-separated."
            ) from error
        if any(size < 1 for size in self.sized):
            raise CommandError("--sized agencies need at least one person each.")
        if len(self.sized) >= options["agencies"]:
            raise CommandError("--agencies must be more than the --sized agencies.")
        options["learners"] -= sum(size - 1 for size in self.sized)
        if options["learners"] < options["agencies"]:
            raise CommandError("--learners is too few for the --sized agencies.")
        for name in ("agencies", "learners", "courses"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        big, agencies, learners = (
            options["big_agency"],
            options["agencies"],
            options["learners"],
        )
        if big < 0:
            raise CommandError("--big-agency must be 0 or more.")
        if big:
            others = learners - (big - 1)
            if others < 0 or (agencies > 1 and others < agencies - 1):
                raise CommandError(
                    f"--learners {learners} is too few for a big agency of {big} "
                    f"people and at least one learner in each of the other "
                    f"{agencies - 1} agencies."
                )
        elif learners < agencies:
            raise CommandError("Give every agency at least one learner.")
        User = get_user_model()
        if User.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}").exists():
            raise CommandError(
                f"Accounts @{EMAIL_DOMAIN} exist already: generate_agencies runs "
                "once, on a fresh database."
            )

    def _step(self, label, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.timings.append((label, time.perf_counter() - started))
        return result

    def _report(self, total: float, options) -> None:
        self.stdout.write(self.style.SUCCESS(f"Generated in {total:.1f} s:"))
        for label, count in self.counts.items():
            self.stdout.write(f"  {count:>9,} {label}")
        self.stdout.write("Time taken by each step:")
        for label, seconds in self.timings:
            self.stdout.write(f"  {seconds:>7.1f} s  {label}")
        big = self.managers[0]
        self.stdout.write(
            f"The first agency, {big.agency.name}, has "
            f"{Membership.objects.filter(agency=big.agency).count():,} people. "
            f"Its manager signs in as {big.user.email} with password "
            f"{options['password']}; every manager is manager-<n>@{EMAIL_DOMAIN}."
        )

    # The catalogue ---------------------------------------------------------------

    def _catalogue(self) -> CourseIndexPage:
        """The home page and catalogue, made as seed_demo makes them, if missing."""
        return ensure_catalogue(ensure_home_page())

    def _courses(self, catalogue: CourseIndexPage, count: int) -> list[CoursePage]:
        """Live courses of three lessons each; pages go through add_child (the
        page tree cannot be bulk-inserted). A third of the courses expire."""
        body = LessonBodyBlock().to_python(
            [
                {
                    "type": "rich_text",
                    "value": "<p>Generated lesson text for benchmarks.</p>",
                }
            ]
        )
        courses = []
        self.lessons: dict[int, list[int]] = {}  # course id -> lesson ids, in order
        for number in range(1, count + 1):
            topic = COURSE_TOPICS[(number - 1) % len(COURSE_TOPICS)]
            edition = (number - 1) // len(COURSE_TOPICS) + 1
            title = topic if edition == 1 else f"{topic} (part {edition})"
            course = catalogue.add_child(
                instance=CoursePage(
                    title=title,
                    slug=f"bench-course-{number:03d}",
                    summary=f"Generated course {number} for benchmarks: {topic}.",
                    estimated_minutes=30 + 15 * (number % 4),
                    cpd_hours=1,
                    audience="Staff of partner agencies",
                    validity_months=self.rng.choice([None, None, 12, 24, 36]),
                )
            )
            self.lessons[course.pk] = [
                course.add_child(
                    instance=LessonPage(
                        title=f"Lesson {lesson_number}",
                        slug=f"lesson-{lesson_number}",
                        intro="Generated lesson.",
                        body=body,
                    )
                ).pk
                for lesson_number in range(1, LESSONS_PER_COURSE + 1)
            ]
            courses.append(course)
        self.counts["courses"] = len(courses)
        self.counts["lessons"] = len(courses) * LESSONS_PER_COURSE
        return courses

    # Agencies and people ---------------------------------------------------------

    def _agencies(self, count: int):
        kinds = list(Agency.Kind)
        agencies = Agency.objects.bulk_create(
            [
                Agency(
                    name=f"{kinds[(n - 1) % len(kinds)].label} agency {n:02d}, "
                    f"{REGIONS[(n - 1) % len(REGIONS)]}",
                    kind=kinds[(n - 1) % len(kinds)],
                    region=REGIONS[(n - 1) % len(REGIONS)],
                )
                for n in range(1, count + 1)
            ],
            batch_size=BATCH,
        )
        teams = Team.objects.bulk_create(
            [
                Team(agency=agency, name=name)
                for agency in agencies
                for name in self.rng.sample(TEAM_NAMES, self.rng.randint(3, 6))
            ],
            batch_size=BATCH,
        )
        by_agency = defaultdict(list)
        for team in teams:
            by_agency[team.agency_id].append(team)
        self.counts["agencies"] = len(agencies)
        self.counts["teams"] = len(teams)
        return agencies, by_agency

    def _sizes(
        self, agencies: int, learners: int, big: int, sized: list[int]
    ) -> list[int]:
        """Learners in each agency: the first has big - 1 (her manager makes
        big), the next have the --sized sizes less their manager (learners for
        them are part of --learners), the others share the rest unevenly, at
        least one each."""
        sizes, rest, others = [], learners, agencies - len(sized)
        if big:
            sizes.append(big - 1)
            rest -= big - 1
            others -= 1
        sizes += [size - 1 for size in sized]
        if others:
            weights = [self.rng.uniform(0.25, 1.75) for _ in range(others)]
            spare = rest - others  # one each first, then by weight
            shares = [1 + int(spare * w / sum(weights)) for w in weights]
            for index in range(rest - sum(shares)):
                shares[index % others] += 1
            sizes += shares
        else:
            sizes[0] += rest
        return sizes

    def _people(
        self, agencies, teams, learners: int, big: int, password: str, sized=()
    ):
        User = get_user_model()
        password_hash = make_password(password)  # once: hashing is the slow part
        sizes = self._sizes(len(agencies), learners, big, list(sized))
        users, places = [], []  # places: (agency, team, role) for each user
        number = 0
        for index, (agency, size) in enumerate(zip(agencies, sizes, strict=True), 1):
            users.append(
                User(
                    email=f"manager-{index}@{EMAIL_DOMAIN}",
                    full_name=f"{self.rng.choice(FIRST_NAMES)} "
                    f"{self.rng.choice(SURNAMES)}",
                    password=password_hash,
                )
            )
            places.append((agency, None, Membership.Role.MANAGER))
            agency_teams = teams[agency.pk]
            team_weights = [self.rng.uniform(0.5, 2) for _ in agency_teams]
            for _ in range(size):
                number += 1
                users.append(
                    User(
                        email=f"learner-{number:05d}@{EMAIL_DOMAIN}",
                        full_name=f"{self.rng.choice(FIRST_NAMES)} "
                        f"{self.rng.choice(SURNAMES)}",
                        password=password_hash,
                    )
                )
                team = (
                    None
                    if self.rng.random() < 0.05  # a few belong to no team yet
                    else self.rng.choices(agency_teams, team_weights)[0]
                )
                places.append((agency, team, Membership.Role.LEARNER))
        users = User.objects.bulk_create(users, batch_size=BATCH)
        memberships = Membership.objects.bulk_create(
            [
                Membership(user=user, agency=agency, team=team, role=role)
                for user, (agency, team, role) in zip(users, places, strict=True)
            ],
            batch_size=BATCH,
        )
        # joined_at is set on insert (auto_now_add): spread it over three years,
        # one UPDATE per month joined, all before any assignment is made.
        by_month = defaultdict(list)
        for membership in memberships:
            by_month[self.rng.randint(1, 36)].append(membership.pk)
        for months, ids in by_month.items():
            joined = self.now - datetime.timedelta(days=30.4 * months)
            for chunk in _chunks(ids, PK_CHUNK):
                Membership.objects.filter(pk__in=chunk).update(joined_at=joined)
        self.counts["learners"] = learners + sum(size - 1 for size in sized)
        self.counts["managers"] = len(agencies)
        return [m for m in memberships if m.role == Membership.Role.MANAGER]

    # Assignments and requirements ------------------------------------------------

    def _assignments(self, agencies, teams, courses) -> None:
        """Three to eight courses for each agency, each assigned to everyone or to
        one to three of its teams, due from six months ago to four months ahead;
        a quarter renew every 12 months."""
        managers = dict(
            Membership.objects.filter(
                agency__in=agencies, role=Membership.Role.MANAGER
            ).values_list("agency_id", "user_id")
        )
        assignments = []
        for agency in agencies:
            drawn = self.rng.randint(min(3, len(courses)), min(8, len(courses)))
            for course in self.rng.sample(courses, drawn):
                common = {
                    "agency": agency,
                    "course": course,
                    "assigned_by_id": managers[agency.pk],
                    "renew_every_months": 12 if self.rng.random() < 0.25 else None,
                }
                if self.rng.random() < 0.6:
                    targets = [None]  # everyone in the agency
                else:
                    agency_teams = teams[agency.pk]
                    targets = self.rng.sample(
                        agency_teams, self.rng.randint(1, min(3, len(agency_teams)))
                    )
                assignments += [
                    Assignment(team=team, due_date=self._due_date(), **common)
                    for team in targets
                ]
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        self.counts["assignments"] = len(assignments)

    def _due_date(self) -> datetime.date:
        return self.today + datetime.timedelta(days=self.rng.randint(-180, 120))

    def _requirements(self, agencies) -> None:
        """Through the app's own service, a batch of people at a time."""
        user_ids = list(
            Membership.objects.filter(agency__in=agencies)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        for chunk in _chunks(user_ids, BATCH):
            services.sync_requirements(chunk)
        self.counts["requirements"] = Requirement.objects.filter(
            agency__in=agencies
        ).count()

    # Progress --------------------------------------------------------------------

    def _progress(self, agencies, courses) -> None:
        lessons = self.lessons
        validity = {course.pk: course.validity_months for course in courses}
        # In a fixed order (not by pk: sync_requirements inserts in no set
        # order), so that a seed gives the same data on every database.
        requirements = list(
            Requirement.objects.filter(agency__in=agencies)
            .order_by("user_id", "course_id")
            .values_list("user_id", "course_id", "renew_every_months")
        )
        states = {}  # (user id, course id) -> (enrolled_at, completed_at, restarted_at)
        assigned = defaultdict(set)
        for user_id, course_id, renew in requirements:
            assigned[user_id].add(course_id)
            renewable = bool(renew or validity[course_id])
            state = self._state(renewable)
            if state:
                states[user_id, course_id] = state
        # Some learners also take a course nobody assigned them.
        course_ids = [course.pk for course in courses]
        for user_id, taken in assigned.items():
            if self.rng.random() < SELF_ENROLLED_SHARE:
                spare = [pk for pk in course_ids if pk not in taken]
                if spare:
                    state = self._state(False) or self._in_progress()
                    states[user_id, self.rng.choice(spare)] = state

        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(user_id=user, course_id=course) for user, course in states],
            batch_size=BATCH,
        )
        # enrolled_at is set on insert (auto_now_add) and completed_at must not
        # come before it, so the dates go in afterwards: one UPDATE per distinct
        # set of dates (the dates are drawn from a few thousand such sets).
        groups = defaultdict(list)
        for enrolment in enrolments:
            groups[states[enrolment.user_id, enrolment.course_id]].append(enrolment.pk)
        for (enrolled, completed, restarted), ids in groups.items():
            for chunk in _chunks(ids, PK_CHUNK):
                Enrolment.objects.filter(pk__in=chunk).update(
                    enrolled_at=enrolled, completed_at=completed, restarted_at=restarted
                )

        progress = []
        for (user_id, course_id), (_, completed, restarted) in states.items():
            course_lessons = lessons[course_id]
            if completed:
                done = len(course_lessons)
            elif restarted:  # restarting clears her lesson ticks
                done = self.rng.randint(0, 1)
            else:
                done = self.rng.randint(0, len(course_lessons) - 1)
            progress += [
                StepProgress(user_id=user_id, step_id=lesson_id, course_id=course_id)
                for lesson_id in course_lessons[:done]
            ]
        StepProgress.objects.bulk_create(progress, batch_size=BATCH)

        counted = {"completed": 0, "in progress": 0, "renewing": 0}
        for _, completed, restarted in states.values():
            if completed:
                counted["completed"] += 1
            elif restarted:
                counted["renewing"] += 1
            else:
                counted["in progress"] += 1
        self.counts["enrolments"] = len(enrolments)
        for label, count in counted.items():
            self.counts[f"  of them {label}"] = count
        self.counts["requirements not started"] = len(requirements) - sum(
            1
            for user_id, course_id, _ in requirements
            if (user_id, course_id) in states
        )
        self.counts["lesson progress rows"] = len(progress)

    def _state(self, renewable: bool):
        """(enrolled_at, completed_at, restarted_at), or None for not started.

        Times sit on a coarse grid (a day, and one of four times of day), and the
        gap between enrolling and completing follows from them, so the dates can
        be written with a couple of thousand grouped UPDATEs.
        """
        draw = self.rng.random()
        if renewable and draw < RENEWING_SHARE:
            days, hours = self.rng.randint(1, 60), self.rng.choice(HOURS)
            restarted = self._ago(days, hours)
            return self._ago(365 + 4 * days, hours), None, restarted
        if draw < COMPLETED_SHARE:
            days, hours = (
                self.rng.randint(0, COMPLETED_WITHIN_DAYS),
                self.rng.choice(HOURS),
            )
            lag = LAGS[(days + hours) % len(LAGS)]
            completed = self._ago(days, hours)
            return completed - lag, completed, None
        if draw < COMPLETED_SHARE + IN_PROGRESS_SHARE:
            return self._in_progress()
        return None

    def _in_progress(self):
        return self._ago(self.rng.randint(1, 120), self.rng.choice(HOURS)), None, None

    def _ago(self, days: int, hours: int) -> datetime.datetime:
        return self.midnight - datetime.timedelta(days=days, hours=hours)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


if __name__ == "__main__":
    from django.core.management import call_command

    call_command(Command(), *sys.argv[1:])
