import calendar
import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import LessonBodyBlock
from .visibility import is_visible


class ContentNoteTopic(models.Model):
    """A subject some learners may find distressing, named before they meet it.
    Trainers keep the list (Snippets → Content-note topics)."""

    name = models.CharField(max_length=80, unique=True)
    description = models.CharField(
        max_length=300,
        help_text="One plain sentence on what this covers, e.g. 'Descriptions of "
        "sexual violence and its effects.'",
    )

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "content-note topic"

    def __str__(self):
        return self.name


class CourseIndexPage(Page):
    """The catalogue: every published course beneath it, searchable by topic."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kairos_learning.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "course catalogue"

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        topic = request.GET.get("topic", "").strip()[:100]
        context["query"] = query
        context["selected_topic"] = topic
        courses = selectors.catalogue(index=self, query=query, topic=topic)
        note_topics = selectors.content_topics_by_course(courses)
        for course in courses:
            course.note_topics = note_topics.get(course.pk, [])
        context["courses"] = courses
        context["topics"] = selectors.catalogue_topics(index=self)
        context["enrolled_ids"] = selectors.enrolled_course_ids(user=request.user)
        return context


class CourseTopicTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CoursePage(Page):
    """A course: its summary and outcomes, with its lessons as child pages."""

    summary = models.TextField(
        max_length=600, help_text="Two or three plain sentences for the catalogue."
    )
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=250, label="Outcome"))],
        blank=True,
        help_text="What a learner will be able to do by the end.",
    )
    estimated_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text="About how long the whole course takes, in minutes.",
    )
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    audience = models.CharField(
        max_length=250, help_text="Who the course is for, e.g. 'Probation officers'."
    )
    validity_months = models.PositiveSmallIntegerField(
        "valid for (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "Optional. How long a completion stays current, e.g. 12 for yearly "
            "refresher training. Leave empty if it never expires."
        ),
    )
    tags = ClusterTaggableManager(
        through=CourseTopicTag, blank=True, verbose_name="topics"
    )
    content_note = models.TextField(
        blank=True,
        help_text=(
            "Optional. Name any distressing subjects the course covers, so learners "
            "can decide before they start."
        ),
    )
    content_topics = ParentalManyToManyField(
        ContentNoteTopic,
        blank=True,
        related_name="courses",
        verbose_name="content-note topics",
        help_text="Shown in the catalogue and on the course page before she enrols.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Decorative: it is shown without alt text.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("learning_outcomes"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("cpd_hours"),
                FieldPanel("validity_months"),
                FieldPanel("audience"),
                FieldPanel("tags"),
            ],
            heading="About the course",
        ),
        MultiFieldPanel(
            [FieldPanel("content_topics"), FieldPanel("content_note")],
            heading="Content notes",
        ),
        FieldPanel("hero_image"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = "course"

    def route(self, request, path_components):
        # Wagtail routes through unpublished parents: a course that is not live
        # hides its lessons too.
        if not self.live:
            raise Http404
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = selectors.course_outline(user=request.user, course=self)
        context["note_topics"] = selectors.content_topics_by_course([self])[self.pk]
        context["stopped_at"] = selectors.break_point(user=request.user, course=self)
        return context


class CourseStepMixin:
    """A page inside a course (a lesson or a quiz): only enrolled learners see it.

    Trainers still preview drafts; `open_to_visitor` lets a page admit others.
    """

    enrol_message = "Enrol in this course to start its lessons."

    @cached_property
    def course(self) -> "CoursePage":
        return self.get_parent().specific

    def open_to_visitor(self, request) -> bool:
        return False

    def serve(self, request, *args, **kwargs):
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        if not is_visible(self, request=request):
            raise Http404
        if self.open_to_visitor(request):
            return super().serve(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        from . import selectors

        if not selectors.is_enrolled(user=request.user, course=self.course):
            messages.info(request, self.enrol_message)
            return redirect(self.course.url)
        response = super().serve(request, *args, **kwargs)
        # Her progress, answers and private reflections are on the page: no shared
        # cache (proxy, CDN) may keep a copy.
        patch_cache_control(response, private=True)
        return response


class LessonPage(CourseStepMixin, Page):
    """One lesson of a course, read at the learner's own pace."""

    intro = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences: what this covers."
    )
    estimated_minutes = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1)]
    )
    body = StreamField(LessonBodyBlock())
    content_topics = ParentalManyToManyField(
        ContentNoteTopic,
        blank=True,
        related_name="lessons",
        verbose_name="content-note topics",
        help_text="If any are chosen, the lesson opens with a “What's ahead” panel "
        "naming them before any of the material.",
    )
    alternative_summary = RichTextField(
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="Optional. A summary of the lesson without the distressing "
        "material, for learners who choose the alternative route.",
    )
    alternative_task = models.TextField(
        blank=True,
        help_text="Optional. A reflection task to go with the summary.",
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("content_topics"),
                FieldPanel("alternative_summary"),
                FieldPanel("alternative_task"),
            ],
            heading="Content notes and alternative route",
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = "lesson"

    def get_context(self, request, *args, **kwargs):
        from . import selectors, services

        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.course
        context["nav"] = selectors.lesson_navigation(user=request.user, lesson=self)
        topics = list(self.content_topics.all())
        view = request.GET.get("view", "")
        if view == "alternative" and not self.has_alternative_route:
            view = ""
        context["topics"] = topics
        context["view"] = view or ("ahead" if topics else "lesson")
        if getattr(request, "is_preview", False):
            context["view"] = "lesson"
        context["welcome_back"] = services.return_from_break(
            user=request.user, page=self
        )
        return context

    @property
    def has_alternative_route(self) -> bool:
        return bool(self.alternative_summary or self.alternative_task)


# Learners are told their training expires soon, and may renew it, this many days
# before it does.
RENEWAL_WINDOW_DAYS = 60


def expiry_date(*, completed_on: datetime.date, validity_months: int) -> datetime.date:
    """The same day of the month, validity_months later (the month's last day
    when that month is shorter)."""
    month_index = completed_on.month - 1 + validity_months
    year, month = completed_on.year + month_index // 12, month_index % 12 + 1
    day = min(completed_on.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


class Enrolment(models.Model):
    """A learner taking a course. Completion is recorded here, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    restarted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the learner last started the course again to renew it.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_enrolment_once_per_course"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True)
                | Q(completed_at__gte=F("enrolled_at")),
                name="courses_enrolment_completed_after_enrolled",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.course_id}"

    @property
    def is_complete(self):
        return self.completed_at is not None

    @property
    def expires_on(self) -> datetime.date | None:
        """The day this completion stops being current, if the course expires."""
        if self.completed_at is None or not self.course.validity_months:
            return None
        return expiry_date(
            completed_on=timezone.localdate(self.completed_at),
            validity_months=self.course.validity_months,
        )

    @property
    def renewal_open(self) -> bool:
        """Whether the learner may start again to renew: from the reminder window
        before expiry onwards."""
        expires_on = self.expires_on
        return expires_on is not None and timezone.localdate() >= (
            expires_on - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
        )

    @property
    def is_expired(self) -> bool:
        expires_on = self.expires_on
        return expires_on is not None and expires_on < timezone.localdate()


class LessonProgress(models.Model):
    """A lesson the learner has finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="progress"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="courses_lessonprogress_once_per_lesson"
            ),
        ]

    def __str__(self):
        return f"{self.user} finished {self.lesson_id}"


class BreakPoint(models.Model):
    """Where a learner stopped when she chose to take a break, one per course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="breaks"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="breaks"
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="courses_one_break_per_course"
            )
        ]

    def __str__(self):
        return f"{self.user_id} paused at {self.page_id}"
