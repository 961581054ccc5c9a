"""A lesson with reflection prompts, a learner enrolled in it, and her private
notes, for the reflections tests."""

import datetime

import pytest
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import Agency, Membership
from agencies.selectors import Scope
from agencies.tests.conftest import member
from courses import services as course_services
from courses.models import LessonPage
from courses.tests.factories import LessonPageFactory
from reflections import services

# Words nobody else's page could contain by chance.
HER_NOTE = "Quillwort lantern: I froze when the caseworker raised her voice."
HER_CHECK_IN_NOTE = "Marram harbour: the second video brought things back."
HER_DRAFT = "Sorrel kettle: half a thought I have not finished yet."

PROMPTS = [
    "What helps a woman feel safe when she first meets you?",
    "Think of a time you felt unheard. What would have helped?",
    "Which of your habits might feel controlling to someone else?",
    "What would you change about your first appointment letter?",
    "Who can you talk to after a difficult session?",
]


def lesson_with_prompts(course, count: int, title: str = "Listening first"):
    """A published lesson whose body has `count` reflection prompts among text."""
    body = [("rich_text", "<p>Women's needs differ.</p>")]
    for prompt in PROMPTS[:count]:
        body.append(("reflection_prompt", {"prompt": prompt}))
        body.append(("rich_text", "<p>Read on when you are ready.</p>"))
    page = LessonPageFactory(parent=course, title=title, body=body)
    return LessonPage.objects.get(pk=page.pk)


def prompt_ids(lesson) -> list[str]:
    return [
        block.id for block in lesson.body if block.block_type == "reflection_prompt"
    ]


@pytest.fixture
def lesson(course):
    return lesson_with_prompts(course, 2)


@pytest.fixture
def block_id(lesson):
    return prompt_ids(lesson)[0]


@pytest.fixture
def enrolled(learner, course):
    course_services.enrol(user=learner, course=course)
    return learner


@pytest.fixture
def her_note(enrolled, lesson, block_id):
    return services.save_reflection(
        user=enrolled,
        lesson=lesson,
        block_id=block_id,
        prompt=PROMPTS[0],
        text=HER_NOTE,
    )


@pytest.fixture
def her_check_in(enrolled, lesson):
    return services.save_check_in(
        user=enrolled, lesson=lesson, feeling="unsettled", note=HER_CHECK_IN_NOTE
    )


@pytest.fixture
def her_draft(enrolled, lesson):
    """Unsaved words in the second prompt's box, kept by autosave."""
    return services.keep_draft(
        user=enrolled,
        lesson=lesson,
        key=prompt_ids(lesson)[1],
        text=HER_DRAFT,
        version=0,
    )


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="Coventry Probation", kind=Agency.Kind.PROBATION, region="West Midlands"
    )


@pytest.fixture
def manager(agency):
    return member(agency, role=Membership.Role.MANAGER, full_name="Maya Brooks").user


@pytest.fixture
def her_membership(agency, manager, enrolled, course):
    """She works in the agency; her manager assigned her the course."""
    membership = Membership.objects.create(
        user=enrolled, agency=agency, role=Membership.Role.LEARNER
    )
    agency_services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    agency_services.sync_requirements([enrolled.pk])
    return membership
