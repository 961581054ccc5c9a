"""What operations keeps: which failed background task was run again, when and by
whom. One row per failed result, so the same failure is never retried twice."""

from django.conf import settings
from django.db import models


class TaskRetry(models.Model):
    # The django_tasks_db result ids: plain values rather than foreign keys, so
    # that pruning old results never touches this record.
    original_result_id = models.UUIDField(unique=True)
    retry_result_id = models.UUIDField()
    # 2 for the first retry of a task's first run, 3 for a retry of that, ...
    attempt = models.PositiveSmallIntegerField(default=2)
    task_path = models.TextField()
    retried_at = models.DateTimeField()
    # Empty when the daily run retried it, rather than a person.
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-retried_at"]
        verbose_name = "task retry"

    def __str__(self):
        return f"{self.task_path} ({self.original_result_id})"
