"""When a course may go live: never without a live lesson or quiz.

One rule, read by the editor's Publish button (`forms.CoursePageForm`), by
"Publish course with its lessons and quizzes" (`authoring.publish_course`) and
by the explorer's bulk publishing (`wagtail_hooks`). It reads pages only, so
the page models' forms can use it without importing the models.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

EMPTY_COURSE = _(
    "A course goes live with at least one published lesson or quiz, so learners "
    "never find an empty course. Save this as a draft, then use “Publish course "
    "with its lessons and quizzes” to publish them together."
)
LAST_STEP = _(
    "This is the course's only published lesson or quiz, and a live course "
    "must keep one, so learners never find it empty. Publish another lesson "
    "first, or unpublish the course itself."
)
NEW_COURSE = _(
    "A new course starts as a draft. Save it: a first lesson and an empty quiz "
    "are added for you to fill. Then publish the course with its lessons and "
    "quizzes."
)


def has_live_step(
    course: Page, *, publishing: Iterable[int] = (), excluding: Iterable[int] = ()
) -> bool:
    """Whether the course has a live step, counting the steps about to be
    published with it (`publishing`: page ids) and leaving out those about to
    be unpublished (`excluding`)."""
    steps = Page.objects.child_of(course).exclude(pk__in=list(excluding))
    ids = list(publishing)
    if ids:
        return steps.filter(live=True).exists() or steps.filter(pk__in=ids).exists()
    return steps.filter(live=True).exists()
