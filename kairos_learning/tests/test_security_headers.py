"""Response headers that protect the public site, and their absence where needed."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from courses.tests.previews import edited_preview, lesson_changes
from quizzes.tests.factories import make_quiz, single

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


@pytest.fixture
def public_urls(course):
    lesson = course.get_children().live().first()
    return [
        "/",
        course.get_parent().url,
        course.url,
        lesson.url,
        reverse("accounts:login"),
        reverse("accounts:sign_up"),
        reverse("support:index"),
        reverse("certificates:verify_reference"),
    ]


def test_public_pages_have_a_strict_content_security_policy(client, public_urls):
    for url in public_urls:
        response = client.get(url, follow=True)

        assert response.status_code == 200, url
        directives = csp_directives(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        assert "unsafe-eval" not in response["Content-Security-Policy"], url


def test_signed_in_pages_have_the_policy_too(learner_client):
    response = learner_client.get(reverse("courses:my_learning"))

    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_the_wagtail_admin_has_no_content_security_policy(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_the_admin_sign_in_page_has_no_content_security_policy(client):
    response = client.get(reverse("wagtailadmin_login"))

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_a_public_page_sends_the_other_security_headers(client, home):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert response["X-Frame-Options"] == "DENY"


def test_lesson_videos_may_be_framed_from_the_video_sites_only(client, home):
    response = client.get("/")

    assert sorted(csp_directives(response)["frame-src"]) == [
        "https://player.vimeo.com",
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
    ]


PREVIEW_CHANGES = {
    "home": {},
    "catalogue": {},
    "course": {"learning_outcomes-count": "0"},
    "lesson": lesson_changes(),
    "quiz": {},
}


@pytest.mark.parametrize("kind", PREVIEW_CHANGES)
def test_a_preview_may_be_framed_by_this_site_only(admin_client, course, kind):
    """The editor's preview panel (and "preview in new tab") and the latest
    draft on its own may be framed by the admin, and by nothing else."""
    page = {
        "home": course.get_parent().get_parent(),
        "catalogue": course.get_parent(),
        "course": course,
        "lesson": course.get_children().first(),
        "quiz": make_quiz(course=course, questions=[single()]),
    }[kind]
    responses = [
        edited_preview(admin_client, page, PREVIEW_CHANGES[kind]),
        admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])),
    ]
    for response in responses:
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        directives = csp_directives(response)
        assert directives["frame-ancestors"] == ["'self'"]
        # The rest of the policy is the public site's, unchanged.
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_same_page_served_to_learners_still_refuses_every_frame(
    client, trainer_client, course
):
    lesson = course.get_children().first()
    edited_preview(trainer_client, lesson, lesson_changes())  # a preview just before

    for response in (client.get(course.url), trainer_client.get(lesson.url)):
        assert response["X-Frame-Options"] == "DENY"
        assert csp_directives(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("HTTP_X_IS_PREVIEW", "true"),
        ("HTTP_SEC_FETCH_DEST", "iframe"),
        ("HTTP_REFERER", "http://testserver/admin/pages/3/edit/"),
    ],
)
def test_no_header_or_parameter_a_browser_sends_makes_a_page_framable(
    trainer_client, course, header, value
):
    lesson = course.get_children().first()

    for url in (course.url, lesson.url, f"{course.url}?is_preview=1&preview_mode="):
        response = trainer_client.get(url, **{header: value})

        assert response["X-Frame-Options"] == "DENY", url
        assert csp_directives(response)["frame-ancestors"] == ["'none'"], url


def test_a_learner_cannot_open_a_preview(learner_client, course):
    lesson = course.get_children().first()

    for name in ("preview_on_edit", "view_draft"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[lesson.pk])
        response = learner_client.get(url)

        assert response.status_code in (302, 403), url
        assert "frame-ancestors 'self'" not in response.get(
            "Content-Security-Policy", ""
        )


def test_error_pages_have_the_headers_too(client, home):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


def test_session_and_csrf_cookies_are_not_readable_by_script(client, learner):
    response = client.post(
        reverse("accounts:login"), {"username": learner.email, "password": PASSWORD}
    )

    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
