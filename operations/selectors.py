"""Reads for the "Background tasks" admin page."""

from __future__ import annotations

from dataclasses import dataclass

from django_tasks_db.models import DBTaskResult

from . import services
from .models import TaskRetry

TRACEBACK_LINES = 12


@dataclass
class FailedTask:
    result: DBTaskResult
    error_class: str
    message: str
    traceback_excerpt: str
    attempt: int
    retry: TaskRetry | None
    retryable: bool


def _message(traceback: str) -> str:
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def failed_tasks(*, limit: int = 100) -> list[FailedTask]:
    """The most recent failed task results, each with its retry (if any) and
    which try it was. Three queries for any number."""
    results = list(DBTaskResult.objects.failed().order_by("-finished_at")[:limit])
    ids = [result.id for result in results]
    retries = {
        retry.original_result_id: retry
        for retry in TaskRetry.objects.filter(
            original_result_id__in=ids
        ).select_related("retried_by")
    }
    attempts = dict(
        TaskRetry.objects.filter(retry_result_id__in=ids).values_list(
            "retry_result_id", "attempt"
        )
    )
    return [
        FailedTask(
            result=result,
            error_class=result.exception_class_path,
            message=_message(result.traceback),
            traceback_excerpt="\n".join(
                result.traceback.strip().splitlines()[-TRACEBACK_LINES:]
            ),
            attempt=attempts.get(result.id, 1),
            retry=retries.get(result.id),
            retryable=result.task_path in services.RETRYABLE_TASKS,
        )
        for result in results
    ]
