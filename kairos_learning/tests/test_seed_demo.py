import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD
from kairos_learning.models import HomePage
from quizzes.models import Question, QuizPage

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_seed_demo_builds_the_site_and_is_idempotent(client):
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()
    assert CourseIndexPage.objects.count() == 1
    main = CoursePage.objects.get(
        title="Trauma-informed, women-centred practice in justice settings"
    )
    assert LessonPage.objects.child_of(main).live().count() >= 4
    assert CoursePage.objects.count() == 2
    assert User.objects.filter(email__endswith="@kairos.test").count() == 4
    trainer = User.objects.get(email="trainer@kairos.test")
    assert trainer.groups.filter(name="Trainers").exists()
    assert main.permissions_for_user(trainer).can_publish()
    assert User.objects.get(email="admin@kairos.test").is_superuser

    main_quiz = QuizPage.objects.child_of(main).get()
    kinds = {item.question.kind for item in main_quiz.quiz_questions.all()}
    assert main_quiz.quiz_questions.count() >= 8
    assert kinds == {"single", "multiple", "true_false", "free_text"}
    release_quiz = QuizPage.objects.exclude(pk=main_quiz.pk).get()
    assert release_quiz.draws.get().count == 3
    assert Question.objects.count() == 13  # not duplicated by the second run

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
