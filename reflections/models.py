"""A learner's private notes on a lesson's reflection prompts, and her check-ins.

Only she can read them. They are deliberately absent from the Wagtail admin,
snippets, search indexes, reports and exports: nothing here is registered
anywhere, and no other app reads these tables.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from core.constraints import TextWithoutNul
from courses.models import LessonPage

MAX_NOTE_LENGTH = 5000
MAX_CHECK_IN_NOTE_LENGTH = 1000


class Reflection(models.Model):
    """Her note on one reflection prompt (a StreamField block) of a lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="reflections"
    )
    block_id = models.CharField(
        max_length=64, help_text="The id of the reflection-prompt block."
    )
    prompt = models.TextField(help_text="The prompt as she saw it when she wrote.")
    text = models.TextField(max_length=MAX_NOTE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            TextWithoutNul(
                fields=["text"],
                name="reflections_reflection_text_without_nul",
            ),
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"],
                name="reflections_one_note_per_prompt",
            ),
            models.CheckConstraint(
                condition=models.Q(GreaterThan(Length("text"), 0))
                & models.Q(LessThanOrEqual(Length("text"), MAX_NOTE_LENGTH)),
                name="reflections_note_length",
            ),
        ]

    def __str__(self):
        return f"Private note {self.pk}"


class Feeling(models.TextChoices):
    """Plain words, not a clinical scale."""

    CALM = "calm", _("Calm")
    OKAY = "okay", _("Okay")
    UNSETTLED = "unsettled", _("A bit unsettled")
    UPSET = "upset", _("Upset")


class CheckIn(models.Model):
    """How she felt after a lesson, if she chose to say. One per lesson."""

    Feeling = Feeling

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="check_ins"
    )
    feeling = models.CharField(max_length=20, choices=Feeling.choices)
    note = models.TextField(max_length=MAX_CHECK_IN_NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("check-in")
        constraints = [
            TextWithoutNul(
                fields=["note"],
                name="reflections_checkin_text_without_nul",
            ),
            models.UniqueConstraint(
                fields=["user", "lesson"], name="reflections_one_check_in_per_lesson"
            ),
            models.CheckConstraint(
                condition=models.Q(feeling__in=Feeling.values),
                name="reflections_check_in_feeling_known",
            ),
        ]

    def __str__(self):
        return f"Private check-in {self.pk}"


class Draft(models.Model):
    """What she is writing in one box of a lesson (a note on a prompt, or her
    check-in note), kept as she types so that leaving the page loses nothing.

    Saving the real note empties the draft and moves `version` on. An autosave
    names the version its page was opened at and is written only while that is
    still the version, so an autosave that arrives after the note was saved
    (sent just before she pressed the button) cannot bring the draft back.
    An emptied draft stays as that marker; it holds no writing.
    """

    CHECK_IN_NOTE = "check-in"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="drafts"
    )
    key = models.CharField(
        max_length=64,
        help_text="The reflection prompt's block id, or “check-in” for her check-in "
        "note.",
    )
    text = models.TextField(max_length=MAX_NOTE_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            TextWithoutNul(fields=["text"], name="reflections_draft_text_without_nul"),
            models.UniqueConstraint(
                fields=["user", "lesson", "key"], name="reflections_one_draft_per_box"
            ),
            models.CheckConstraint(
                condition=models.Q(LessThanOrEqual(Length("text"), MAX_NOTE_LENGTH)),
                name="reflections_draft_length",
            ),
        ]

    def __str__(self):
        return f"Private draft {self.pk}"
