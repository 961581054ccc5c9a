"""Build the demo site: home page, catalogue, two courses with quizzes, four logins.

Idempotent: it creates what is missing and leaves everything else as it is, so
trainers' edits to demo content survive a second run.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Page, Site

from accounts import roles
from courses import services as course_services
from courses.blocks import LessonBodyBlock
from courses.models import ContentNoteTopic, CourseIndexPage, CoursePage, LessonPage
from kairos_learning import demo_content, demo_quizzes, demo_welsh
from kairos_learning.demo_agencies import seed_agencies, take_course
from kairos_learning.models import HomePage
from quizzes.models import (
    Choice,
    Question,
    QuestionCategory,
    QuizDraw,
    QuizPage,
    QuizQuestion,
)

DEMO_PASSWORD = "kairos-demo-2026"  # noqa: S105 - published development login
DEMO_USERS = [
    # email, full name, role
    ("learner@kairos.test", "Leah Morgan", "learner"),
    ("trainer@kairos.test", "Tara Singh", "trainer"),
    ("manager@kairos.test", "Maya Brooks", "manager"),
    ("admin@kairos.test", "Ada Clarke", "admin"),
]


def ensure_home_page() -> HomePage:
    """The home page as the site's root, replacing Wagtail's welcome page."""
    # The English home page: the Welsh one is its translation (demo_welsh).
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    root = Page.get_first_root_node()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Kairos Learning",
                slug="kairos-learning",
                intro=demo_content.HOME_INTRO,
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = "Kairos Learning"
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page goes.
    for page in root.get_children().exclude(pk=home.pk):
        if page.specific_class is Page:
            page.delete()
    return home


def ensure_catalogue(home: HomePage) -> CourseIndexPage:
    """The course catalogue under the home page."""
    catalogue = CourseIndexPage.objects.child_of(home).first()
    if catalogue is None:
        catalogue = home.add_child(
            instance=CourseIndexPage(
                title="Courses", slug="courses", intro=demo_content.CATALOGUE_INTRO
            )
        )
        catalogue.save_revision().publish()
    return catalogue


class Command(BaseCommand):
    help = "Create the demo content and logins (never with production settings)."

    def handle(self, *args, **options):
        if getattr(settings, "ENVIRONMENT", "") == "production":
            raise CommandError("seed_demo refuses to run with production settings.")
        with transaction.atomic():
            home = ensure_home_page()
            catalogue = ensure_catalogue(home)
            course_services.grant_trainers_course_tree(catalogue=catalogue)
            courses = {
                data["slug"]: self._course(catalogue, data)
                for data in demo_content.COURSES
            }
            self._quizzes(courses)
            self._users()
            self._completed_course(courses[demo_content.COMPLETED_COURSE_SLUG])
            User = get_user_model()
            seed_agencies(
                courses=list(courses.values()),
                learner=User.objects.get(email=DEMO_USERS[0][0]),
                manager=User.objects.get(email=DEMO_USERS[2][0]),
                password=DEMO_PASSWORD,
            )
            # "Release day" in Welsh, and a learner who took it in Welsh.
            demo_welsh.seed_welsh(
                home=home,
                catalogue=catalogue,
                course=courses[demo_content.COMPLETED_COURSE_SLUG],
            )
            demo_welsh.seed_welsh_learner(
                course=courses[demo_content.COMPLETED_COURSE_SLUG],
                password=DEMO_PASSWORD,
            )
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(
            f"Sign in at /accounts/sign-in/ with password {DEMO_PASSWORD}:"
        )
        for email, name, role in DEMO_USERS:
            self.stdout.write(f"  {role:<8} {email:<22} {name}")
        email, name = demo_welsh.WELSH_LEARNER
        self.stdout.write(f"  {'learner':<8} {email:<22} {name} (in Welsh: /cy/)")
        self.stdout.write("Trainers and admins edit content at /admin/.")
        self.stdout.write("The manager sees her staff's training at /agency/.")

    def _course(self, catalogue: CourseIndexPage, data: dict) -> CoursePage:
        course = (
            CoursePage.objects.child_of(catalogue).filter(slug=data["slug"]).first()
        )
        if course is None:
            course = CoursePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                learning_outcomes=[
                    ("outcome", text) for text in data["learning_outcomes"]
                ],
                estimated_minutes=data["estimated_minutes"],
                cpd_hours=data["cpd_hours"],
                validity_months=data.get("validity_months"),
                audience=data["audience"],
                content_note=data["content_note"],
                quizzes_wait_for_earlier_steps=data.get(
                    "quizzes_wait_for_earlier_steps", False
                ),
            )
            catalogue.add_child(instance=course)
            course.tags.add(*data["topics"])
            course.save_revision().publish()
        body_block = LessonBodyBlock()
        for lesson_data in data["lessons"]:
            if (
                LessonPage.objects.child_of(course)
                .filter(slug=lesson_data["slug"])
                .exists()
            ):
                continue
            lesson = course.add_child(
                instance=LessonPage(
                    title=lesson_data["title"],
                    slug=lesson_data["slug"],
                    intro=lesson_data["intro"],
                    estimated_minutes=lesson_data["estimated_minutes"],
                    body=body_block.to_python(lesson_data["body"]),
                    alternative_summary=lesson_data.get("alternative_summary", ""),
                    alternative_task=lesson_data.get("alternative_task", ""),
                )
            )
            lesson.content_topics.set(
                ContentNoteTopic.objects.filter(
                    name__in=lesson_data.get("content_topics", [])
                )
            )
            lesson.save_revision().publish()
        return course

    def _question(self, data: dict) -> Question:
        category, _ = QuestionCategory.objects.get_or_create(
            name=data["category"], parent=None
        )
        question, created = Question.objects.get_or_create(
            category=category,
            text=data["text"],
            defaults={
                "kind": data["kind"],
                "explanation": data["explanation"],
                "points": data["points"],
                "choice_order": data.get("choice_order", "authored"),
            },
        )
        if created:
            for order, (text, correct) in enumerate(data["choices"]):
                Choice.objects.create(
                    question=question, text=text, is_correct=correct, sort_order=order
                )
        return question

    def _quizzes(self, courses: dict) -> None:
        for question in demo_quizzes.RELEASE_BANK:
            self._question(question)
        for data in (demo_quizzes.MAIN_QUIZ, demo_quizzes.RELEASE_QUIZ):
            course = courses[data["course_slug"]]
            if QuizPage.objects.child_of(course).filter(slug=data["slug"]).exists():
                continue
            quiz = QuizPage(
                title=data["title"],
                slug=data["slug"],
                intro=data["intro"],
                pass_mark=data["pass_mark"],
                open_to_visitors=data.get("open_to_visitors", False),
            )
            for order, question in enumerate(data.get("questions", [])):
                quiz.quiz_questions.add(
                    QuizQuestion(question=self._question(question), sort_order=order)
                )
            if "draw" in data:
                name, count = data["draw"]
                category = QuestionCategory.objects.get(name=name, parent=None)
                quiz.category = category
                quiz.draws.add(QuizDraw(category=category, count=count, sort_order=0))
            course.add_child(instance=quiz)
            quiz.save_revision().publish()

    def _users(self) -> None:
        User = get_user_model()
        trainers = Group.objects.get(name=roles.TRAINERS_GROUP)
        for email, name, role in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=name,
                    is_staff=role == "admin",
                    is_superuser=role == "admin",
                )
            if role == "trainer":
                user.groups.add(trainers)

    def _completed_course(self, course: CoursePage) -> None:
        """The demo learner has completed one course and holds its certificate:
        she takes it the way a learner does, through the same services."""
        learner = get_user_model().objects.get(email=DEMO_USERS[0][0])
        enrolment, _ = course_services.enrol(user=learner, course=course)
        if not enrolment.is_complete:
            take_course(learner, course)
