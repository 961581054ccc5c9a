"""Page factories: Wagtail pages are created as children of a parent page."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage, LessonPage


class _PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class CourseIndexPageFactory(_PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Courses"


class CoursePageFactory(_PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A practical introduction for justice agency staff."
    estimated_minutes = 45
    cpd_hours = "1.0"
    audience = "Probation practitioners"


class LessonPageFactory(_PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    intro = "What this lesson covers."
    estimated_minutes = 10
    body = factory.LazyFunction(lambda: [("rich_text", "<p>Women's needs differ.</p>")])


def make_course(*, catalogue, lessons=3, **kwargs) -> CoursePage:
    course = CoursePageFactory(parent=catalogue, **kwargs)
    for number in range(1, lessons + 1):
        LessonPageFactory(parent=course, title=f"{course.title} lesson {number}")
    return course


def complete_course(*, user, course: CoursePage, at=None):
    """She enrols and finishes every step of the course through the services, as
    a learner does, at `at` (default now): lessons read, quizzes reported passed
    (as the quiz app reports them). Returns her enrolment."""
    from courses import selectors, services

    services.enrol(user=user, course=course, now=at)
    for step in selectors.live_steps(course=course):
        if step.specific_class is LessonPage:
            services.complete_lesson(user=user, lesson=step.specific, now=at)
        else:
            services.record_quiz_passed(
                user=user, quiz=step, passed_at=at or timezone.now()
            )
    return course.enrolments.get(user=user)


def publish_on(page, day: str) -> None:
    """Publish a page through a revision, as a trainer does, dated noon on
    `day` (ISO) in London, so its version reads "version of <day>"."""
    page.save_revision().publish()
    moment = timezone.make_aware(
        datetime.datetime.combine(
            datetime.date.fromisoformat(day), datetime.time(12, 0)
        )
    )
    Page.objects.filter(pk=page.pk).update(last_published_at=moment)


def publish_course_on(course: CoursePage, day: str) -> CoursePage:
    """Publish a course and each of its steps through revisions on `day`."""
    publish_on(course, day)
    for step in Page.objects.child_of(course):
        publish_on(step.specific, day)
    course.refresh_from_db()
    return course
