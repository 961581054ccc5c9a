"""The people and records the access matrix points its URLs at.

Everything a URL names belongs to Leah, the learner in team North of agency A,
so the learner of agency B and the manager of team South are the attack cases.
Built once per test module by the services the site itself uses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)

from accounts import roles
from accounts.links import SignUpDetails, sign_up_token
from accounts.tests.factories import UserFactory
from agencies import services as agency_services
from agencies.models import Agency, Membership, Team
from agencies.selectors import Scope
from audit import services as audit_services
from audit.models import AuditEvent
from courses import services as course_services
from courses.models import ContentNoteTopic, LessonPage
from courses.tests.factories import (
    CourseIndexPageFactory,
    LessonPageFactory,
    make_course,
)
from evidence import services as evidence_services
from evidence.models import Build
from kairos_learning.models import HomePage
from quizzes import services as quiz_services
from quizzes.models import Attempt, QuestionCategory
from quizzes.tests.factories import free_text, make_quiz, single
from reflections import services as reflection_services

# Words that appear nowhere but in Leah's own records: a page that shows any of
# them to someone else has leaked her data.
LEARNER_NAME = "Leah Quillwort"
LEARNER_EMAIL = "leah.quillwort@example.org"
LEARNER_NOTE = "Marram lantern: the second video brought things back."
LEARNER_ANSWER = "Saltmarsh heron: I would ask her what she needs first."
MARKERS = (LEARNER_NAME, LEARNER_EMAIL, LEARNER_NOTE, LEARNER_ANSWER)
# What only her agency's manager may see on the manager's pages: an invitation
# to Leah's team (North) and one to the agency with no team. The manager of
# team South must see neither.
INVITED_TO_NORTH = "newcomer@example.org"
INVITED_TO_NO_TEAM = "teamless.newcomer@example.org"
# A course Leah enrolled in and started the quiz of, then unpublished: its
# lesson and quiz stay live (Wagtail leaves children as they are), and no
# learner URL may reach them. Words that appear nowhere else:
HIDDEN_QUIZ_TITLE = "Withdrawn quiz on bracken protocols"
HIDDEN_QUESTION = "Which bracken protocol was withdrawn?"
# The template text My learning shows her while her request for more time waits
# (agencies/includes/assigned_to_you.html), completed with the date she asked for.
MORE_TIME_ASKED = "You asked for time until {date}"

PERSONAS = (
    "anonymous",
    "learner",
    "other_agency_learner",
    "team_manager",
    "agency_manager",
    "trainer",
    "admin",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # persona -> user (no anonymous)
    ids: dict = field(default_factory=dict)  # what URL kwargs point at
    strings: dict = field(default_factory=dict)  # tokens and paths
    # MARKERS and the words that name her records in this world (her
    # certificate's reference, the link to her quiz result, her request for
    # time), and what only her agency's manager may see on a manager's page
    # (the open invitations to her team and to no team, the agency's join code)
    markers: tuple = MARKERS


def _member(agency, *, team=None, role=Membership.Role.LEARNER, **user_fields):
    user = UserFactory(**user_fields)
    membership = Membership.objects.create(
        user=user, agency=agency, team=team, role=role
    )
    return membership


def build_world() -> World:
    world = World()
    ids, strings = world.ids, world.strings

    # The site and its course tree
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Kairos Learning", slug="kairos"))
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Kairos"},
    )
    catalogue = CourseIndexPageFactory(parent=home)
    course_services.grant_trainers_course_tree(catalogue=catalogue)
    course = make_course(catalogue=catalogue, lessons=2, title="Trauma-informed")
    lesson = LessonPageFactory(
        parent=course,
        title="Listening first",
        body=[
            ("rich_text", "<p>Women's needs differ.</p>"),
            ("reflection_prompt", {"prompt": "What helps a woman feel safe?"}),
        ],
    )
    lesson = LessonPage.objects.get(pk=lesson.pk)
    block_id = next(b.id for b in lesson.body if b.block_type == "reflection_prompt")
    quiz = make_quiz(
        course=course,
        title="Check your understanding",
        questions=[single(), free_text(text="What would you do first?")],
        pass_mark=50,
        open_to_visitors=True,
    )
    short_course = make_course(catalogue=catalogue, lessons=1, title="Exploitation")

    # The people
    agency = Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="Midlands"
    )
    other_agency = Agency.objects.create(
        name="Leicester Housing", kind=Agency.Kind.HOUSING
    )
    north = Team.objects.create(agency=agency, name="North")
    south = Team.objects.create(agency=agency, name="South")
    learner_membership = _member(
        agency, team=north, full_name=LEARNER_NAME, email=LEARNER_EMAIL
    )
    learner = learner_membership.user
    other_learner = _member(
        other_agency, full_name="Sam Stranger", email="sam@example.org"
    ).user
    team_manager_membership = _member(
        agency,
        team=south,
        role=Membership.Role.MANAGER,
        full_name="Nia South",
        email="nia@example.org",
    )
    team_manager_membership.managed_teams.add(south)
    agency_manager = _member(
        agency,
        role=Membership.Role.MANAGER,
        full_name="Maya Brooks",
        email="maya@example.org",
    ).user
    trainer = UserFactory(full_name="Tara Singh", email="tara@example.org")
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS_GROUP))
    admin = UserFactory(
        full_name="Ada Clarke",
        email="ada@example.org",
        is_staff=True,
        is_superuser=True,
    )
    world.users = {
        "learner": learner,
        "other_agency_learner": other_learner,
        "team_manager": team_manager_membership.user,
        "agency_manager": agency_manager,
        "trainer": trainer,
        "admin": admin,
    }

    # Her manager assigns the course; she asks for more time
    due = timezone.localdate() + datetime.timedelta(days=14)
    assignment = agency_services.assign(
        scope=Scope(agency=agency), by=agency_manager, course=course, due_date=due
    )
    agency_services.sync_requirements([learner.pk])
    requirement = learner.requirements.get(course=course)
    extension = agency_services.request_more_time(
        user=learner,
        requirement_id=requirement.pk,
        until=due + datetime.timedelta(days=7),
    )
    agency_services.invite(
        scope=Scope(agency=agency),
        by=agency_manager,
        email=INVITED_TO_NORTH,
        full_name="Nell Newcomer",
        team=north,
    )
    agency_services.invite(
        scope=Scope(agency=agency),
        by=agency_manager,
        email=INVITED_TO_NO_TEAM,
        full_name="Tam Teamless",
        team=None,
    )
    invitation = agency.invitations.get(email=INVITED_TO_NORTH)

    # She learns: a lesson, a note, a check-in, a break, a quiz attempt
    course_services.enrol(user=learner, course=course)
    course_services.complete_lesson(
        user=learner, lesson=LessonPage.objects.child_of(course).first()
    )
    reflection = reflection_services.save_reflection(
        user=learner,
        lesson=lesson,
        block_id=block_id,
        prompt="What helps a woman feel safe?",
        text=LEARNER_NOTE,
    )
    check_in = reflection_services.save_check_in(
        user=learner, lesson=lesson, feeling="unsettled", note=LEARNER_NOTE
    )
    attempt = quiz_services.start_attempt(user=learner, quiz=quiz)
    for question in attempt.questions:
        # The choice not right: the written answer decides her result, so the
        # attempt waits for a trainer (the marking pages need one).
        answer = (
            [LEARNER_ANSWER]
            if question["kind"] == "free_text"
            else [next(c["id"] for c in question["choices"] if not c["correct"])]
        )
        quiz_services.save_answer(
            user=learner,
            attempt=attempt,
            question_key=question["key"],
            answer=answer,
        )
    attempt = quiz_services.submit_attempt(user=learner, attempt=attempt)
    # After the quiz: her next step in the course would end the break.
    course_services.take_break(user=learner, page=lesson)
    free_text_key = next(
        q["key"] for q in attempt.questions if q["kind"] == "free_text"
    )
    response = attempt.responses.get(question_key=free_text_key)
    assert attempt.status == Attempt.Status.AWAITING_MARKING

    # She completes a course and her certificate is issued and rendered
    with TestCase.captureOnCommitCallbacks(execute=True):
        course_services.enrol(user=learner, course=short_course)
        for step in LessonPage.objects.live().child_of(short_course):
            course_services.complete_lesson(user=learner, lesson=step)
    certificate = learner.certificates.get()
    certificate.refresh_from_db()
    assert certificate.is_ready, "the certificate PDF was not rendered"

    # Her agency's manager downloads the agency's certificates as a ZIP: a
    # build of agency A, with its public verification page.
    evidence_build = evidence_services.request_build(
        kind=Build.Kind.CERTIFICATES,
        scope=Scope(agency=agency),
        by=agency_manager,
        start=False,
    )
    assert evidence_services.run_build(evidence_build.pk)
    evidence_build.refresh_from_db()

    # A course she enrolled in, started the quiz of, and that was then
    # unpublished, leaving its lesson and quiz live beneath it
    hidden_course = make_course(catalogue=catalogue, lessons=0, title="Withdrawn")
    hidden_lesson = LessonPageFactory(
        parent=hidden_course,
        title="Withdrawn lesson",
        body=[("reflection_prompt", {"prompt": "What changed?"})],
    )
    hidden_lesson = LessonPage.objects.get(pk=hidden_lesson.pk)
    hidden_quiz = make_quiz(
        course=hidden_course,
        title=HIDDEN_QUIZ_TITLE,
        questions=[single(text=HIDDEN_QUESTION)],
        open_to_visitors=True,
        category=QuestionCategory.objects.create(name="Withdrawn material"),
    )
    course_services.enrol(user=learner, course=hidden_course)
    hidden_attempt = quiz_services.start_attempt(user=learner, quiz=hidden_quiz)
    hidden_course.unpublish()

    # Admin-side records
    category = QuestionCategory.objects.create(name="Safety")
    topic = ContentNoteTopic.objects.create(
        name="Access matrix topic", description="A topic for the access matrix."
    )
    Document = get_document_model()
    public_document = Document.objects.create(
        title="Safety plan template", file=ContentFile(b"plan", name="plan.txt")
    )
    private_collection = Collection.get_first_root_node().add_child(name="Private")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=private_collection,
        restriction_type=CollectionViewRestriction.LOGIN,
    )
    password_collection = Collection.get_first_root_node().add_child(name="Locked")
    password_restriction = CollectionViewRestriction.objects.create(
        collection=password_collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="not-a-real-password",
    )
    private_document = Document.objects.create(
        title="Staff-only guidance",
        file=ContentFile(b"guidance", name="guidance.txt"),
        collection=private_collection,
    )
    page_restriction = PageViewRestriction.objects.create(
        page=short_course,
        restriction_type=PageViewRestriction.PASSWORD,
        password="not-a-real-password",
    )

    # An assignment of the agency's, removed a moment ago: "Undo" is offered.
    removal = audit_services.record(
        actor=agency_manager,
        action=AuditEvent.Action.ASSIGNMENT_REMOVED,
        agency=agency.pk,
        details={
            "course_id": short_course.pk,
            "due_date": due,
            "team_id": None,
            "user_id": None,
            "renew_every_months": None,
        },
    )

    audit_event = audit_services.record(
        actor=agency_manager,
        action=AuditEvent.Action.PERSON_VIEWED,
        target=learner_membership,
        subject=learner,
    )

    ids.update(
        audit_event=audit_event.pk,
        course=course.pk,
        lesson=lesson.pk,
        block_id=block_id,
        quiz=quiz.pk,
        attempt=attempt.pk,
        response=response.pk,
        certificate=certificate.pk,
        build=evidence_build.pk,
        reflection=reflection.pk,
        check_in=check_in.pk,
        requirement=requirement.pk,
        extension=extension.pk,
        assignment=assignment.pk,
        removal=removal.pk,
        invitation=invitation.pk,
        agency=agency.pk,
        team=north.pk,
        membership=learner_membership.pk,
        learner=learner.pk,
        category=category.pk,
        question=quiz.quiz_questions.first().question_id,
        topic=topic.pk,
        public_document=public_document.pk,
        private_document=private_document.pk,
        collection_restriction=collection_restriction.pk,
        password_restriction=password_restriction.pk,
        page_restriction=page_restriction.pk,
        short_course=short_course.pk,
        site=site.pk,
        catalogue=catalogue.pk,
        hidden_course=hidden_course.pk,
        hidden_lesson=hidden_lesson.pk,
        hidden_quiz=hidden_quiz.pk,
        hidden_attempt=hidden_attempt.pk,
    )
    strings.update(
        unknown_task="00000000-0000-4000-8000-000000000000",
        invitation_token=invitation.token,
        verify_token=certificate.token,
        build_token=evidence_build.token,
        export_format="csv",
        uidb64=urlsafe_base64_encode(force_bytes(learner.pk)),
        reset_token=default_token_generator.make_token(learner),
        sign_up_token=sign_up_token(
            SignUpDetails(full_name="Wren Newcomer", email="wren.newcomer@example.org")
        ),
        course_path=course.url_path.removeprefix(home.url_path),
        public_document_file=public_document.filename,
        private_document_file=private_document.filename,
        hidden_lesson_path=hidden_lesson.url_path.removeprefix(home.url_path),
        hidden_quiz_path=hidden_quiz.url_path.removeprefix(home.url_path),
        hidden_quiz_title=HIDDEN_QUIZ_TITLE,
        hidden_question=HIDDEN_QUESTION,
    )
    world.markers = (
        *MARKERS,
        INVITED_TO_NORTH,
        INVITED_TO_NO_TEAM,
        agency.join_code,
        certificate.reference,
        reverse("quizzes:result", args=[attempt.pk]),
        MORE_TIME_ASKED.format(date=date_format(extension.requested_date, "j F Y")),
    )
    return world
