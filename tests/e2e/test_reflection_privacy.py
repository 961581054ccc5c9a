"""A learner writes a private reflection; her manager and a trainer then look
for it everywhere they can go, and cannot find it."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from agencies import services as agency_services
from agencies.models import Agency, Membership
from agencies.selectors import Scope
from courses import services as course_services
from courses.models import LessonPage
from reflections.models import Reflection

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECRET = "I remembered my own time in care and it was hard to read"


def sign_in(a, email, next_url):
    page = a.page
    page.context.clear_cookies()
    page.goto(f"/accounts/sign-in/?next={next_url}")
    a.audit()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def visit(a, url):
    a.page.goto(url)
    a.audit()
    return a.page.content()


def test_a_reflection_no_manager_or_trainer_can_find(
    audited_page, learner, trainer, course
):
    import datetime

    from django.utils import timezone

    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    lesson.body = [
        ("rich_text", "<p>Read this.</p>"),
        ("reflection_prompt", {"prompt": "What did this bring up for you?"}),
    ]
    lesson.save_revision().publish()
    agency = Agency.objects.create(name="Coventry Probation", kind="probation")
    Membership.objects.create(user=learner, agency=agency)
    manager = UserFactory(full_name="Maya Brooks", email="maya@example.org")
    Membership.objects.create(user=manager, agency=agency, role="manager")
    agency_services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=course,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    course_services.enrol(user=learner, course=course)

    a = audited_page
    page = a.page
    sign_in(a, learner.email, lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    a.audit()
    page.get_by_label("Your note").fill(SECRET)
    page.get_by_role("button", name="Save my note (only you can see it)").click()
    expect(page.get_by_label("Your note")).to_have_value(SECRET)
    a.audit()
    assert Reflection.objects.filter(user=learner, text=SECRET).exists()

    membership = Membership.objects.get(user=learner)
    sign_in(a, manager.email, "/agency/")
    for url in (
        "/agency/",
        reverse("agencies:person", args=[membership.pk]),
        "/agency/?q=care",
        reverse("reflections:mine"),
    ):
        assert SECRET not in visit(a, url), url

    # The trainer's admin screens (their accessibility is the trainer journey's
    # concern): nothing of hers in any of them.
    trainer_client = Client()
    trainer_client.force_login(trainer)
    for url in (
        "/admin/",
        "/admin/pages/search/?q=time+in+care",
        f"/admin/pages/{lesson.pk}/edit/",
        "/admin/training-report/",
        "/admin/training-report/?export=csv",
        "/admin/quizzes/attempts/",
    ):
        response = trainer_client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        assert SECRET.encode() not in body, url
