"""Background work for quizzes, through Django's tasks API."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.notifications import Kind, notify
from core.emails import absolute_url
from core.languages import speaking_to

from .models import Attempt


@task()
def notify_attempt_marked(attempt_id: int) -> bool:
    """Tell the learner her written answers have been marked: once per attempt,
    unless she has turned these emails off."""
    attempt = Attempt.objects.select_related("user", "quiz").get(pk=attempt_id)
    if attempt.status != Attempt.Status.GRADED:
        return False
    # Written in her language: the subject, the body and the link's address.
    with speaking_to(attempt.user):
        return notify(
            user=attempt.user,
            kind=Kind.ANSWERS_MARKED,
            object_id=attempt.pk,
            subject=_("Your answers in “%(title)s” have been marked")
            % {"title": attempt.quiz.title},
            template="quizzes/email/attempt_marked",
            context={
                "attempt": attempt,
                "url": absolute_url(reverse("quizzes:result", args=[attempt.pk])),
            },
        )
