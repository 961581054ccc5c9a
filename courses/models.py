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
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from . import locales, rules
from .blocks import LessonBodyBlock
from .forms import AuthoringPageForm, CoursePageForm, LessonPageForm, TopicCheckboxes
from .visibility import is_visible


class ContentNoteTopic(TranslatableMixin, models.Model):
    """A subject some learners may find distressing, named before they meet it.
    Trainers keep the list (Snippets → Content-note topics)."""

    name = models.CharField(
        max_length=80,
        help_text="Shown to learners in content notes, e.g. 'Sexual violence'.",
    )
    description = models.CharField(
        max_length=300,
        help_text="Shown to learners with the name, in the course's content note. "
        "One plain sentence on what this covers, e.g. 'Descriptions of sexual "
        "violence and its effects.'",
    )

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("content-note topic")
        verbose_name_plural = _("content-note topics")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="courses_topic_name_once_per_locale"
            )
        ]

    def __str__(self):
        return self.name


class CourseIndexPage(Page):
    """The catalogue: every published course beneath it, searchable by topic."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Optional. Shown to learners above the list of courses in the "
        "catalogue.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kairos_learning.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    base_form_class = AuthoringPageForm

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        topic = request.GET.get("topic", "").strip()[:100]
        context["query"] = query
        context["selected_topic"] = topic
        courses = selectors.catalogue(index=self, query=query, topic=topic)
        note_topics = selectors.content_topics_by_course(courses)
        enrolments = selectors.enrolments_by_course(user=request.user, courses=courses)
        for course in courses:
            course.note_topics = note_topics.get(course.pk, [])
            course.her_enrolment = enrolments.get(course.pk)
        context["courses"] = courses
        context["topics"] = selectors.catalogue_topics(index=self)
        return context


class CourseTopicTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class CoursePage(Page):
    """A course: its summary and outcomes, with its lessons as child pages."""

    summary = models.TextField(
        max_length=600,
        help_text="Shown to learners under the title on the course page and on "
        "the course's card in the catalogue. Two or three plain sentences.",
    )
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=250, label="Outcome"))],
        blank=True,
        help_text="Shown to learners on the course page under “By the end you "
        "will be able to”. One thing she will be able to do in each.",
    )
    estimated_minutes = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Shown to learners as “About … minutes” on the course page and "
        "in the catalogue: the whole course, in minutes.",
    )
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Shown to learners on the course page, in the catalogue and on "
        "their certificate and CPD record.",
    )
    audience = models.CharField(
        max_length=250,
        help_text="Shown to learners as “For …” on the course page and in the "
        "catalogue, e.g. 'Probation officers'.",
    )
    validity_months = models.PositiveSmallIntegerField(
        "valid for (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=(
            "Optional. Shown to learners as “Renew every … months”. How long a "
            "completion stays current, e.g. 12 for yearly refresher training. "
            "Leave empty if it never expires."
        ),
    )
    tags = ClusterTaggableManager(
        through=CourseTopicTag,
        blank=True,
        verbose_name="topics",
        help_text="Shown to learners on the course page and in the catalogue, "
        "where they can pick a topic to find courses on it.",
    )
    content_note = models.TextField(
        blank=True,
        help_text=(
            "Optional. Shown to learners in a “Content note” box on the course "
            "page, before they enrol. Name any distressing subjects the course "
            "covers, so learners can decide before they start."
        ),
    )
    content_topics = ParentalManyToManyField(
        ContentNoteTopic,
        blank=True,
        related_name="courses",
        verbose_name="content-note topics",
        help_text="Shown to learners in the catalogue, and with each description "
        "on the course page, before they enrol.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. Shown at the top of the course's card in the "
        "catalogue. Decorative: it is shown without alt text, so it must not "
        "carry anything a learner needs to read.",
    )
    quizzes_wait_for_earlier_steps = models.BooleanField(
        "open each quiz only after the steps before it",
        default=False,
        help_text=(
            "Tick this if learners should finish the lessons (and any quiz) above "
            "a quiz before they can start it. The quiz page then shows learners "
            "what is left, with links. Leave it unticked to let learners take a "
            "quiz at any time."
        ),
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
            [
                FieldPanel("content_topics", widget=TopicCheckboxes),
                FieldPanel("content_note"),
            ],
            heading="Content notes",
        ),
        MultiFieldPanel(
            [FieldPanel("quizzes_wait_for_earlier_steps")], heading="Course order"
        ),
        FieldPanel("hero_image"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage"]
    base_form_class = CoursePageForm

    class Meta:
        verbose_name = _("course")

    def route(self, request, path_components):
        # Wagtail routes through unpublished parents: a course that is not live
        # hides its lessons too.
        if not self.live:
            raise Http404
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # As a learner will see it once published, drafts included.
            outline = selectors.preview_course_outline(course=self)
            context["note_topics"] = selectors.preview_content_topics(
                course=self,
                steps=[*(s.lesson for s in outline.lessons)],
            )
            context["course_tags"] = list(self.tags.all())
        else:
            outline = selectors.course_outline(user=request.user, course=self)
            context["note_topics"] = selectors.content_topics_by_course([self])[self.pk]
            context["course_tags"] = selectors.course_tags(self)
        context["outline"] = outline
        context["stopped_at"] = outline.stopped_at
        return context


class CourseStepMixin:
    """A page inside a course (a lesson or a quiz): only enrolled learners see it.

    Trainers still preview drafts; `open_to_visitor` lets a page admit others.
    """

    enrol_message = _("Enrol in this course to start its lessons.")

    @cached_property
    def course(self) -> "CoursePage":
        from . import selectors

        return selectors.course_of(self)

    def open_to_visitor(self, request) -> bool:
        return False

    def serve(self, request, *args, **kwargs):
        if getattr(request, "is_preview", False):
            return super().serve(request, *args, **kwargs)
        # Routed by HomePage.route, every page on the way is known to be live
        # and Wagtail has checked view restrictions before serving; otherwise
        # ask the visibility rule.
        routed = getattr(request, "route_all_live", None) == self.pk
        if not routed and not is_visible(self, request=request):
            raise Http404
        if self.open_to_visitor(request):
            return super().serve(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        from . import selectors

        # Her state on this step, read once for the page (get_context uses it).
        request.step_state = selectors.step_state(
            user=request.user, step=self, course=self.course
        )
        if request.step_state.started_at is None:
            messages.info(request, self.enrol_message)
            return redirect(locales.shown(self.course).url)
        response = super().serve(request, *args, **kwargs)
        # Her progress, answers and private reflections are on the page: no shared
        # cache (proxy, CDN) may keep a copy.
        patch_cache_control(response, private=True)
        return response


def welcome_back(request, page):
    """Her break on this page when she has just come back to it ("Pick up where
    you left off" adds ?from=break). Reading only: the break ends with her next
    step (services.end_break)."""
    if request.GET.get("from") != "break":
        return None
    from . import selectors

    return selectors.break_point_on(user=request.user, page=page)


class LessonPage(CourseStepMixin, Page):
    """One lesson of a course, read at the learner's own pace."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        help_text="Shown to learners under the lesson's title, and when they come "
        "back to it after a break. One or two sentences: what this covers.",
    )
    estimated_minutes = models.PositiveIntegerField(
        default=10,
        validators=[MinValueValidator(1)],
        help_text="Shown to learners as “about … minutes” at the top of the "
        "lesson and beside it on the course page.",
    )
    body = StreamField(
        LessonBodyBlock(),
        help_text="What learners read and watch in the lesson, block by block. "
        "Images need alt text and videos a transcript, so every learner can "
        "follow.",
    )
    content_topics = ParentalManyToManyField(
        ContentNoteTopic,
        blank=True,
        related_name="lessons",
        verbose_name="content-note topics",
        help_text="If any are ticked, learners see a “What's ahead” panel naming "
        "them before any of the lesson's material, and choose how to go on.",
    )
    alternative_summary = RichTextField(
        blank=True,
        features=["bold", "italic", "ol", "ul", "link"],
        help_text="Optional. Shown to learners who choose the alternative route "
        "in the “What's ahead” panel: a summary of the lesson without the "
        "distressing material.",
    )
    alternative_task = models.TextField(
        blank=True,
        help_text="Optional. Shown to learners on the alternative route, after the "
        "summary: a reflection task to do instead.",
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
                FieldPanel("content_topics", widget=TopicCheckboxes),
                FieldPanel("alternative_summary"),
                FieldPanel("alternative_task"),
            ],
            heading="Content notes and alternative route",
        ),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    base_form_class = LessonPageForm

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        # In the language being spoken (an English lesson in the Welsh site
        # links back to the Welsh course).
        context["course"] = locales.shown(self.course)
        preview = getattr(request, "is_preview", False)
        if preview:
            # Numbered among the course's steps as they will be once published,
            # drafts included, this one as it is being edited.
            context["nav"] = selectors.lesson_navigation(
                user=request.user,
                lesson=self,
                done=False,
                steps=selectors.preview_steps(course=self.course, page=self),
            )
        else:
            state = getattr(request, "step_state", None)
            context["nav"] = selectors.lesson_navigation(
                user=request.user, lesson=self, done=state.done if state else None
            )
        topics = selectors.lesson_topics(self, as_edited=preview)
        view = request.GET.get("view", "")
        if view == "alternative" and not self.has_alternative_route:
            view = ""
        context["topics"] = topics
        context["view"] = view or ("ahead" if topics else "lesson")
        if preview:
            # One page shows the trainer every part a learner may see: "What's
            # ahead" (if the lesson has topics), the lesson, and the alternative
            # route (if it has one).
            context["view"] = "preview"
        context["welcome_back"] = welcome_back(request, self)
        return context

    def publish_problems(self) -> list[str]:
        """What keeps this lesson, as it stands, from going live (asked before
        a course is published with its steps): it needs some content."""
        if not self.body:
            return [
                _(
                    "“%(title)s” has no content yet. Write the lesson before "
                    "publishing it."
                )
                % {"title": self.title}
            ]
        return []

    @property
    def has_alternative_route(self) -> bool:
        return bool(self.alternative_summary or self.alternative_task)


class Enrolment(models.Model):
    """A learner taking a course. Completion is recorded here, once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    restarted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the learner last started the course again to renew it.",
    )
    assigned_renewal_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The renewal period of the assignment that covers her, which "
        "overrides the course's validity (kept by agencies).",
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
    def renewal_months(self) -> int | None:
        """The renewal period that applies to her (rules.renewal_months)."""
        return rules.renewal_months(
            assigned=self.assigned_renewal_months,
            course_validity=self.course.validity_months,
        )

    @property
    def expires_on(self) -> datetime.date | None:
        """The day this completion stops being current, if it expires."""
        return rules.expires_on(
            completed_on=timezone.localdate(self.completed_at)
            if self.completed_at
            else None,
            months=self.renewal_months,
        )

    @property
    def renewal_open(self) -> bool:
        """Whether the learner may start again to renew: from the renewal
        window before expiry onwards."""
        return self.renewal_open_on(timezone.localdate())

    def renewal_open_on(self, day: datetime.date) -> bool:
        opens = rules.renewal_opens_on(self.expires_on)
        return opens is not None and day >= opens

    @property
    def is_expired(self) -> bool:
        return rules.is_expired(self.expires_on, today=timezone.localdate())


class StepProgress(models.Model):
    """A course step she has finished: a lesson read, or a quiz passed (the quiz
    app reports a pass through `services.record_quiz_passed`). Starting the
    course again clears the course's rows; the quiz attempts keep the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="step_progress",
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="step_progress"
    )
    step = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "step"], name="courses_stepprogress_once_per_step"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "course"], name="courses_step_user_course"),
        ]

    def __str__(self):
        return f"{self.user_id} finished {self.step_id}"


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


class Completion(models.Model):
    """One completion of a course, kept for good: the course as it stood when
    she completed it (the published revision of the course and of each step,
    a fingerprint of their content, and the date of the latest publication
    among them). Starting again to renew keeps every earlier row, so her
    history holds each completion, each with its certificate.

    Revision ids are kept as plain numbers, not links: a trainer may purge old
    revisions, and the record must not change when they do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions"
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField()
    course_revision_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The course page's published revision when she completed it.",
    )
    version_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the course as she completed it was published: the latest "
        "publication of the course page or any of its steps.",
    )
    fingerprint = models.CharField(
        max_length=64,
        help_text="SHA-256 of the published content of the course and its steps.",
    )
    steps = models.JSONField(
        default=list,
        blank=True,
        help_text="Each step as published: page id, revision id, title.",
    )
    backfilled = models.BooleanField(
        default=False,
        help_text="Recorded afterwards from the course as it was then published, "
        "for a completion made before versions were recorded.",
    )

    class Meta:
        ordering = ["-completed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "completed_at"],
                name="courses_completion_once_per_completion",
            ),
        ]
        indexes = [
            models.Index(
                fields=["course", "version_published_at"],
                name="courses_completion_version",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} completed {self.course_id} ({self.short_fingerprint})"

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]

    @property
    def version_on(self) -> datetime.date | None:
        """The day the course as she completed it was published (London)."""
        if self.version_published_at is None:
            return None
        return timezone.localdate(self.version_published_at)

    @property
    def version_label(self) -> str:
        """ "version of 26 November 2026", as pages and exports print it."""
        return rules.version_label(self.version_on)
