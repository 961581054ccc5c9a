"""Background work for quizzes, through Django's tasks API."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from .models import Attempt


@task()
def notify_attempt_marked(attempt_id: int) -> None:
    """Tell the learner her written answers have been marked."""
    attempt = Attempt.objects.select_related("user", "quiz").get(pk=attempt_id)
    if attempt.status != Attempt.Status.GRADED:
        return
    context = {
        "attempt": attempt,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    send_mail(
        subject=f"Your answers in “{attempt.quiz.title}” have been marked",
        message=render_to_string("quizzes/email/attempt_marked.txt", context),
        from_email=None,
        recipient_list=[attempt.user.email],
    )
