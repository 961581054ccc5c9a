"""The admin asks no other site for anything: the demo trainer signs in and
opens the admin's main screens while every request each page makes is recorded;
any host other than this site's fails the test (avatars from gravatar.com sent a
hash of each trainer's email to a third party; fonts and scripts must be ours).
"""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Site

from courses.models import CoursePage, LessonPage
from kairos_learning.demo_quizzes import MAIN_QUIZ
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD

from .admin_axe import known

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def admin_screens() -> list[str]:
    course = CoursePage.objects.get(slug=MAIN_QUIZ["course_slug"])
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    site = Site.objects.get(is_default_site=True)
    return [
        reverse("wagtailadmin_home"),
        # Trainers' explorer opens at the catalogue, the top of their tree.
        reverse("wagtailadmin_explore", args=[course.get_parent().pk]),
        reverse("wagtailadmin_explore", args=[course.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("agencies_admin:training_report"),
        f"/admin/settings/certificates/certificatesettings/{site.pk}/",
        reverse("quizzes_admin:marking"),
        reverse("quizzes_admin:results"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
    ]


def test_the_admin_requests_nothing_from_other_sites(audited_page, live_server):
    call_command("seed_demo", stdout=None)
    screens = admin_screens()
    ours = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    a = audited_page
    page = a.page

    def record(request):
        url = urlsplit(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != ours:
            elsewhere.append(f"{page.url} -> {request.url}")

    # Every frame's requests, the sample certificate's and the preview's included.
    page.context.on("request", record)

    page.goto(f"/accounts/sign-in/?next={screens[0]}")
    a.audit()
    page.get_by_label("Email address").fill("trainer@kairos.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}{screens[0]}")

    for path in screens:
        page.goto(path)
        expect(page).to_have_url(f"{live_server.url}{path}")  # not refused
        page.wait_for_load_state("networkidle")
        a.audit(known=known)

    assert elsewhere == []
