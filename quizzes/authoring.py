"""A new course's empty quiz: `courses` gives a new course its first lesson,
and this app adds the quiz (courses cannot name quiz pages)."""

from __future__ import annotations

from django.db import transaction

from courses.models import CoursePage

from .models import QuizPage

FIRST_QUIZ_TITLE = "Check your understanding"


@transaction.atomic
def add_empty_quiz(*, course: CoursePage, user) -> QuizPage | None:
    """Add an empty quiz to a new course, as a draft, after its first lesson.

    Only for a course with no quiz yet, so calling it twice adds one quiz. It
    cannot go live until it has a question or a draw (`QuizPage.publish_problems`).
    """
    if QuizPage.objects.child_of(course).exists():
        return None
    quiz = QuizPage(
        title=FIRST_QUIZ_TITLE, live=False, has_unpublished_changes=True, owner=user
    )
    course.add_child(instance=quiz)
    quiz.save_revision(user=user, log_action=True, clean=False)
    return quiz
