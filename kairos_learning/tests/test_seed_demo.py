import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Locale, Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from kairos_learning.models import HomePage
from quizzes.models import Question, QuizPage

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_seed_demo_builds_the_site_and_is_idempotent(client):
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)

    english = Locale.get_default()
    home = HomePage.objects.get(locale=english)
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()
    assert CourseIndexPage.objects.filter(locale=english).count() == 1
    main = CoursePage.objects.get(
        title="Trauma-informed, women-centred practice in justice settings"
    )
    assert LessonPage.objects.child_of(main).live().count() >= 4
    assert CoursePage.objects.filter(locale=english).count() == 2
    assert User.objects.filter(email__endswith="@kairos.test").count() == 5
    trainer = User.objects.get(email="trainer@kairos.test")
    assert trainer.groups.filter(name="Trainers").exists()
    assert main.permissions_for_user(trainer).can_publish()
    assert User.objects.get(email="admin@kairos.test").is_superuser

    main_quiz = QuizPage.objects.child_of(main).get()
    kinds = {item.question.kind for item in main_quiz.quiz_questions.all()}
    assert main_quiz.quiz_questions.count() >= 8
    assert kinds == {"single", "multiple", "true_false", "free_text"}
    release_quiz = (
        QuizPage.objects.filter(locale=english).exclude(pk=main_quiz.pk).get()
    )
    assert release_quiz.draws.get().count == 3
    # Not duplicated by the second run (the Welsh are translations of five).
    assert Question.objects.filter(locale=english).count() == 13
    assert Question.objects.count() == 18

    response = client.get("/")
    assert response.status_code == 200
    # Through the sign-in page: sign-in throttling (django-axes) needs the request.
    signed_in = client.post(
        "/accounts/sign-in/",
        {"username": "learner@kairos.test", "password": DEMO_PASSWORD},
    )
    assert signed_in.status_code == 302
    assert client.get(main.url).status_code == 200


def test_seed_demo_refuses_production_settings(settings):
    settings.ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")
    assert not HomePage.objects.exists()


def test_every_demo_lesson_about_sexual_exploitation_opens_with_whats_ahead(client):
    """Each lesson of the main course discusses sexual exploitation: each names it
    before the material, not only the first."""
    call_command("seed_demo", stdout=None)
    main = CoursePage.objects.get(slug="trauma-informed-practice")
    lessons = list(LessonPage.objects.child_of(main).live().order_by("path"))
    assert len(lessons) == 5
    for lesson in lessons:
        topics = set(lesson.content_topics.values_list("name", flat=True))
        assert "Sexual exploitation" in topics, lesson.slug
    partnership = lessons[-1]
    assert set(partnership.content_topics.values_list("name", flat=True)) == {
        "Sexual exploitation",
        "Sexual violence",
        "Domestic abuse",
    }

    client.force_login(User.objects.get(email="learner@kairos.test"))
    main_enrolled = client.post(f"/my-learning/courses/{main.pk}/enrol/")
    assert main_enrolled.status_code == 302
    page = client.get(lessons[1].url).content.decode()
    assert "What&#x27;s ahead" in page or "What's ahead" in page
    assert "Sexual exploitation" in page


def test_seed_demo_builds_release_day_in_welsh_and_a_welsh_learner(
    client, django_capture_on_commit_callbacks
):
    """The bilingual journey after `make run`: the Welsh home page, catalogue
    and "Release day" (lessons and quiz) are wagtail-localize translations of
    the English, and Seren (dysgwr@kairos.test) took the course in Welsh."""
    from wagtail_localize.models import Translation

    from certificates.models import Certificate
    from courses.models import Enrolment
    from quizzes.models import Attempt

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=None)

    welsh = Locale.objects.get(language_code="cy")
    release = CoursePage.objects.get(slug="release-day-support")
    course = release.get_translation(welsh)
    assert course.live
    assert course.title.startswith("Diwrnod rhyddhau")
    assert course.url == "/cy/cyrsiau/diwrnod-rhyddhau/"
    steps = course.get_children().live()
    assert steps.count() == release.get_children().live().count() == 3
    assert HomePage.objects.get(locale=welsh).live
    # Real translations: wagtail-localize keeps each one's source.
    assert Translation.objects.filter(target_locale=welsh).count() == 11
    assert HomePage.objects.count() == 2  # not duplicated by the second run

    seren = User.objects.get(email="dysgwr@kairos.test")
    assert seren.preferred_language == "cy"
    assert seren.check_password(DEMO_PASSWORD)
    assert seren.membership.agency.name == "Coventry Probation Delivery Unit"
    # One record: the English course, complete, with its certificate.
    enrolment = Enrolment.objects.get(user=seren)
    assert enrolment.course_id == release.pk
    assert enrolment.is_complete
    assert Certificate.objects.filter(user=seren).count() == 1
    attempt = Attempt.objects.get(user=seren)
    assert attempt.language == "cy"
    assert attempt.passed

    response = client.get(course.url)
    assert response.status_code == 200
    assert "Diwrnod rhyddhau" in response.content.decode()
