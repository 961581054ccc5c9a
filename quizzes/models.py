"""Question bank, quiz pages, attempts and responses.

A quiz is a Wagtail page under its course, so trainers get drafts, preview,
revisions, moderation and scheduled publishing. Questions live in a bank (snippets)
and are reused across quizzes. Each attempt keeps a snapshot of the questions as
the learner saw them, so editing the bank never rewrites history.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from courses import locales
from courses.models import CourseStepMixin, welcome_back

from . import timing
from .forms import QuizPageForm


class QuestionCategory(models.Model):
    name = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Optional: makes this a sub-category.",
    )

    panels = [FieldPanel("name"), FieldPanel("parent")]

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="quizzes_category_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class Question(TranslatableMixin, index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple response")
        TRUE_FALSE = "true_false", _("True or false")
        FREE_TEXT = "free_text", _("Free text (marked by a trainer)")

    class ChoiceOrder(models.TextChoices):
        AUTHORED = "authored", _("As written")
        ALPHABETICAL = "alphabetical", _("Alphabetical")
        SHUFFLED = "shuffled", _("Shuffled for each attempt")

    category = models.ForeignKey(
        QuestionCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    text = models.TextField("question")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional figure shown above the choices.",
    )
    image_alt = models.CharField(
        "image alt text",
        max_length=250,
        blank=True,
        help_text="Required when there is an image: what it shows.",
    )
    explanation = models.TextField(
        blank=True, help_text="Shown with the feedback: why the answer is right."
    )
    points = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    choice_order = models.CharField(
        max_length=20, choices=ChoiceOrder.choices, default=ChoiceOrder.AUTHORED
    )

    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
        index.FilterField("category"),
    ]
    panels = [
        FieldPanel("category"),
        FieldPanel("kind"),
        FieldPanel("text"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], "Figure"),
        FieldPanel("explanation"),
        FieldPanel("points"),
        FieldPanel("choice_order"),
        InlinePanel("choices", label="Choices", heading="Choices"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(image__isnull=True) | ~Q(image_alt=""),
                name="quizzes_question_image_needs_alt",
            )
        ]

    def __str__(self):
        return self.text if len(self.text) < 80 else f"{self.text[:77]}…"

    @property
    def key(self) -> str:
        return f"q{self.pk}"


class Choice(TranslatableMixin, Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField("correct", default=False)
    feedback = models.CharField(
        max_length=500, blank=True, help_text="Optional: shown if she chooses this."
    )

    panels = [FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("feedback")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return self.text


def _questions_help_text() -> SafeString:
    return format_html(
        "Choose several questions from the bank at once: filter by category, "
        "search, tick them and confirm. Write a new one on the chooser's "
        '"New question" tab. Many questions in a spreadsheet? '
        '<a href="{}" target="_blank" rel="noopener">Import them from a CSV '
        "file</a> (opens in a new tab), then choose them here.",
        reverse("quizzes_admin:import"),
    )


# Worked out when the editor is shown: URLs are not known when models load.
_questions_help = lazy(_questions_help_text, SafeString)


class QuizPage(CourseStepMixin, Page):
    """A quiz inside a course. Its settings are the trainer's choices."""

    class FeedbackMode(models.TextChoices):
        EACH = "each", _("After each question")
        END = "end", _("After submitting")
        NEVER = "never", _("Never (exam conditions)")

    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one_per_page", _("One question per page")
        ALL = "all", _("All questions on one page")

    class Scoring(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
        PARTIAL = "partial", _("Partial credit")

    class RevealAnswers(models.TextChoices):
        AFTER_EVERY_ATTEMPT = "after_every_attempt", _("After every attempt")
        ONCE_PASSED_OR_OUT = (
            "once_passed_or_out",
            _("Only once she has passed, or has no attempts left"),
        )
        NEVER = "never", _("Never")

    intro = models.TextField(
        blank=True,
        help_text="Shown to learners under the quiz's title before they start: "
        "what it checks, in a sentence or two.",
    )
    category = models.ForeignKey(
        QuestionCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
        help_text="Where the quiz is listed in the quiz list; learners can choose "
        "a category there to find it.",
    )
    open_to_visitors = models.BooleanField(
        "open to visitors as practice",
        default=False,
        help_text=(
            "Signed-out visitors may practise. Their result is kept only in their "
            "browser session and never counts towards a course."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)",
        default=70,
        validators=[MaxValueValidator(100)],
        help_text="Shown to learners before they start: the score, as a "
        "percentage, they need to pass.",
    )
    shuffle_questions = models.BooleanField(
        "random question order",
        default=False,
        help_text="Learners get the questions in a new order on each attempt.",
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Learners get only this many of the questions on each attempt, "
        "chosen at random. Leave blank to give them all.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Shown to learners before they start, with how many they have "
        "left. Leave blank for as many as they need; 1 for a single attempt.",
    )
    min_wait_minutes = models.PositiveIntegerField(
        "minimum wait between attempts (minutes)",
        default=0,
        help_text="How long learners wait before they can try again; they are "
        "told when they can. 0: they can try again straight away.",
    )
    time_limit_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Shown to learners before they start, and counted down as they "
        "go. Leave blank for no time limit.",
    )
    feedback_mode = models.CharField(
        max_length=10,
        choices=FeedbackMode.choices,
        default=FeedbackMode.END,
        help_text=(
            "When a learner sees her answers marked right or not yet right. "
            "“Never” shows her only her score."
        ),
    )
    reveal_answers = models.CharField(
        "show the correct answers",
        max_length=20,
        choices=RevealAnswers.choices,
        default=RevealAnswers.ONCE_PASSED_OR_OUT,
        help_text=(
            "When a learner sees which answers were correct, and the explanations. "
            "She always sees her own answers and whether each one was right. "
            "“Only once she has passed” means a learner who did not pass can try "
            "again without having been shown the answers, so her next attempt "
            "still tests what she knows."
        ),
    )
    layout = models.CharField(
        max_length=20,
        choices=Layout.choices,
        default=Layout.ONE_PER_PAGE,
        help_text="How learners see the questions: one to a page, or all on one page.",
    )
    multiple_response_scoring = models.CharField(
        max_length=20,
        choices=Scoring.choices,
        default=Scoring.ALL_OR_NOTHING,
        help_text="How a learner's answer to a question with several right "
        "choices scores: full marks only when every choice is right, or part of "
        "the marks for a partly right answer.",
    )
    success_text = models.TextField(
        blank=True,
        default="Well done: you have passed this quiz.",
        help_text="Shown to learners with their result when they pass.",
    )
    fail_text = models.TextField(
        blank=True,
        help_text=(
            "Shown to learners with their result when they have not passed and "
            "can try again. Keep it kind: “not yet”, never “failed”."
        ),
        default=(
            "You did not reach the pass mark this time. That is all right: look "
            "back at the lessons and try again when you are ready."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("category"),
        MultipleChooserPanel(
            "quiz_questions",
            chooser_field_name="question",
            label="Question",
            heading="Questions",
            help_text=_questions_help(),
        ),
        InlinePanel("draws", label="Draw", heading="Random draws from the bank"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("open_to_visitors"),
                FieldPanel("shuffle_questions"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("max_attempts"),
                FieldPanel("min_wait_minutes"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("feedback_mode"),
                FieldPanel("reveal_answers"),
                FieldPanel("layout"),
                FieldPanel("multiple_response_scoring"),
                FieldPanel("success_text"),
                FieldPanel("fail_text"),
            ],
            heading="Quiz settings",
        ),
        *Page.settings_panels,
    ]
    # The settings tab is "Quiz rules": "Settings" is also the admin menu's name.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(settings_panels, heading="Quiz rules"),
        ],
        base_form_class=QuizPageForm,
    )
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    base_form_class = QuizPageForm

    enrol_message = _("Enrol in this course to take its quiz.")

    def open_to_visitor(self, request) -> bool:
        return self.open_to_visitors and not request.user.is_authenticated

    def publish_problems(self) -> list[str]:
        """What keeps this quiz, as it stands, from going live (asked before a
        course is published with its steps): it needs a question or a draw."""
        if not list(self.quiz_questions.all()) and not list(self.draws.all()):
            return [
                _(
                    "“%(title)s” has no questions yet. Add at least one question "
                    "or draw before publishing it."
                )
                % {"title": self.title}
            ]
        return []

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["course"] = locales.shown(self.course)
        preview = getattr(request, "is_preview", False)
        if preview:
            context["preview_questions"] = selectors.preview_questions(quiz=self)
        elif not request.user.is_authenticated:
            context["visitor"] = True
        else:
            state = getattr(request, "step_state", None)
            attempts = selectors.attempts_of(user=request.user, quiz=self)
            context["rules"] = selectors.eligibility(
                user=request.user, quiz=self, state=state, attempts=attempts
            )
            context["time_limit"] = selectors.time_limit_for(
                user=request.user, quiz=self
            )
            context["history"] = [
                (attempt, selectors.score(attempt))
                for attempt in reversed(attempts)  # newest first
                if attempt.status != Attempt.Status.IN_PROGRESS
            ]
        # A preview counts the quiz as it is being edited, not as published.
        context["question_count"] = (
            len(context["preview_questions"])
            if preview
            else selectors.question_count(quiz=self)
        )
        context["welcome_back"] = welcome_back(request, self)
        return context

    class Meta:
        verbose_name = _("quiz")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="quizzes_pass_mark_at_most_100"
            )
        ]


class QuizQuestion(Orderable):
    quiz = ParentalKey(
        QuizPage, on_delete=models.CASCADE, related_name="quiz_questions"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("question")]


class QuizDraw(Orderable):
    """Draw N random questions from a category of the bank for each attempt."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    panels = [FieldPanel("category"), FieldPanel("count")]


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_MARKING = "awaiting_marking", _("Awaiting marking")
        GRADED = "graded", _("Marked")
        # Was waiting for a trainer when a later attempt settled her result, so
        # it no longer needs marking.
        SUPERSEDED = "superseded", _("Replaced by a later attempt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        QuizPage, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    passed = models.BooleanField(null=True)
    pass_mark = models.PositiveSmallIntegerField()
    questions = models.JSONField(help_text="The questions as shown, in order.")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en-gb",
        help_text=_(
            "The language she took the attempt in. Her questions are shown in it; "
            "they are marked the same in any language."
        ),
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"],
                condition=Q(status="in_progress"),
                name="quizzes_one_open_attempt",
            ),
            models.UniqueConstraint(
                fields=["user", "quiz", "number"], name="quizzes_attempt_number_once"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(submitted_at__isnull=False),
                name="quizzes_submitted_attempt_has_time",
            ),
        ]
        indexes = [
            # The marking queue, oldest first, and its count in the admin menu.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status="awaiting_marking"),
                name="quizzes_attempt_to_mark",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.quiz_id} #{self.number}"

    @property
    def question_keys(self) -> list[str]:
        return [question["key"] for question in self.questions]


class Response(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses"
    )
    question_key = models.CharField(max_length=20)
    answer = models.JSONField(default=list, blank=True)
    flagged = models.BooleanField(default=False)
    is_correct = models.BooleanField(null=True)
    marks = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_key"],
                name="quizzes_one_response_per_question",
            ),
            models.CheckConstraint(
                condition=Q(marks__isnull=True) | Q(marks__gte=0),
                name="quizzes_marks_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.attempt_id}:{self.question_key}"


class TimeAdjustment(models.Model):
    """More time on every timed quiz, agreed for one learner: a reasonable
    adjustment. She asks without giving a reason; her agency's manager, or a
    Kairos trainer when she belongs to no agency, agrees a multiplier
    (agencies checks who may). `quizzes.timing` applies it."""

    class Multiplier(models.TextChoices):
        X1_25 = "1.25", _("1.25 times the usual time")
        X1_5 = "1.5", _("1.5 times the usual time")
        X2 = "2", _("Twice the usual time")
        NO_LIMIT = timing.NO_LIMIT, _("No time limit")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="time_adjustment",
    )
    requested_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When she asked, while her request waits for an answer.",
    )
    multiplier = models.CharField(max_length=8, choices=Multiplier.choices, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(multiplier__in=["", "1.25", "1.5", "2", timing.NO_LIMIT]),
                name="quizzes_timeadjustment_known_multiplier",
            ),
            models.CheckConstraint(
                condition=Q(multiplier="") | Q(granted_at__isnull=False),
                name="quizzes_timeadjustment_granted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.multiplier or 'requested'}"

    @property
    def is_pending(self) -> bool:
        return self.requested_at is not None
