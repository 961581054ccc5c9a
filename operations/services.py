"""Running failed background tasks again.

The django-tasks database backend never retries a task that failed. Every task
named in RETRYABLE_TASKS can safely run twice (each one checks what is already
done first), so a failure of one of them is enqueued again with the same
arguments: by an admin from "Background tasks", or by the daily run through
`manage.py retry_failed_tasks`. Each failed result is run again at most once; the
TaskRetry row, unique per failed result, is the guard.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django_tasks.exceptions import InvalidTaskBackendError
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import TaskRetry

logger = logging.getLogger(__name__)

# Tasks that are safe to run again after a failure. A task joins this list only
# once it is idempotent.
RETRYABLE_TASKS = frozenset(
    {
        "certificates.tasks.issue_certificate",
        "certificates.tasks.render_certificate",
        "agencies.tasks.send_invitation",
        # A refused or timed-out send sends nothing; the link it carries is
        # signed and stores nothing, so sending it again is harmless.
        "accounts.tasks.send_sign_up_email",
        "agencies.tasks.send_reminders",
        # Each email about a learner's course is recorded as sent in the same
        # transaction as the send, under a unique constraint (core/emails.py):
        # run again, it sends only what did not go.
        "quizzes.tasks.notify_attempt_marked",
        "agencies.tasks.send_course_assigned",
        "agencies.tasks.send_due_date_changed",
        "agencies.tasks.send_more_time_agreed",
        "agencies.tasks.send_more_time_requested",
        "certificates.tasks.send_course_completed",
        # A build's state changes in conditional UPDATEs (evidence/services.py):
        # run again, a ready build does nothing, one still building elsewhere is
        # left to it, and a failed one is built again.
        "evidence.tasks.build_evidence",
        # Wagtail's own: each recomputes from the current state, or deletes a
        # file that may already be gone.
        "wagtail.tasks.update_reference_index_task",
        "wagtail.tasks.delete_file_from_storage_task",
        "wagtail.images.tasks.set_image_focal_point_task",
    }
)

# Tasks that are not on that list, and why. Every task in the code is in one
# of the two (operations/tests/test_lost_tasks.py checks it).
NOT_RETRYABLE_TASKS = {
    "privacy.tasks.erase_inactive_accounts": (
        "The daily run does it again tomorrow; run twice in a day it could send "
        "a second warning email to the accounts it warned before failing."
    ),
}

# The daily run stops after this many tries of the same job (the first run
# included); an admin can still run it again by hand.
MAX_AUTOMATIC_ATTEMPTS = 3


class RetryError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def uses_database_backend(alias: str = DEFAULT_TASK_BACKEND_ALIAS) -> bool:
    """True when tasks sent to this backend are stored in the database."""
    try:
        return isinstance(task_backends[alias], DatabaseBackend)
    except InvalidTaskBackendError:
        return False


def attempt_of(result_id) -> int:
    """Which try of its job a result was: 1 for a first run."""
    retry = TaskRetry.objects.filter(retry_result_id=result_id).first()
    return retry.attempt if retry else 1


def retry_failed_task(*, result_id, by=None, now=None) -> TaskRetry:
    """Enqueue a failed task again with the same arguments, once."""
    now = now or timezone.now()
    with transaction.atomic():
        result = DBTaskResult.objects.failed().filter(id=result_id).first()
        if result is None:
            raise RetryError(_("That task has not failed, or its record has gone."))
        if result.task_path not in RETRYABLE_TASKS:
            raise RetryError(
                _("%(task)s is not marked as safe to run again, so it was not run.")
                % {"task": result.task_path}
            )
        if not uses_database_backend(result.backend_name):
            raise RetryError(_("Tasks are not stored in the database here."))
        try:
            task = result.task
        except (ImportError, SuspiciousOperation) as error:
            raise RetryError(_("That task no longer exists in the code.")) from error
        try:
            with transaction.atomic():
                retry = TaskRetry.objects.create(
                    original_result_id=result.id,
                    retry_result_id=result.id,  # replaced below
                    attempt=attempt_of(result.id) + 1,
                    task_path=result.task_path,
                    retried_at=now,
                    retried_by=by,
                )
        except IntegrityError as error:
            raise RetryError(_("This failure has already been run again.")) from error
        args_kwargs = result.args_kwargs
        new = task.enqueue(*args_kwargs["args"], **args_kwargs["kwargs"])
        retry.retry_result_id = new.id
        retry.save(update_fields=["retry_result_id"])
    logger.info(
        "Task %s (%s) enqueued again as %s", result.task_path, result.id, new.id
    )
    return retry


def retry_failed_tasks(
    *,
    max_age: datetime.timedelta = datetime.timedelta(days=7),
    limit: int = 100,
    now=None,
) -> list[TaskRetry]:
    """Enqueue again failed results of retryable tasks that finished within
    max_age, oldest first, at most `limit` of them, each at most once."""
    now = now or timezone.now()
    aliases = [alias for alias in task_backends if uses_database_backend(alias)]
    if not aliases:
        return []
    retried_ids = TaskRetry.objects.values("original_result_id")
    candidates = (
        DBTaskResult.objects.failed()
        .filter(
            backend_name__in=aliases,
            task_path__in=RETRYABLE_TASKS,
            finished_at__gte=now - max_age,
        )
        .exclude(id__in=retried_ids)
        .order_by("finished_at")
        .values_list("id", "finished_at")
    )
    finished = dict(candidates[: limit * 2])
    done = []
    for result_id in finished:
        if len(done) >= limit:
            break
        attempt = attempt_of(result_id)
        if attempt >= MAX_AUTOMATIC_ATTEMPTS:
            continue
        if finished[result_id] > now - retry_delay(attempt):
            continue  # backing off: a later run takes it
        try:
            done.append(retry_failed_task(result_id=result_id, now=now))
        except RetryError as error:
            logger.warning("Not retried %s: %s", result_id, error.message)
    return done


class WorkerLost(Exception):
    """The worker running a task stopped (killed, out of memory, machine lost)
    before the task finished."""


def lease_for(task_path: str) -> datetime.timedelta:
    """How long a task may be RUNNING before its worker counts as lost."""
    seconds = settings.TASK_LEASES.get(task_path)
    if seconds is None:
        seconds = settings.TASK_LEASE_MINUTES * 60
    return datetime.timedelta(seconds=seconds)


def recover_lost_tasks(*, now=None) -> list[str]:
    """Mark FAILED ("worker lost") every task RUNNING longer than its lease, and
    enqueue again those safe to run twice; the others wait on the Background
    tasks page for an administrator. Returns the ids marked failed."""
    now = now or timezone.now()
    aliases = [alias for alias in task_backends if uses_database_backend(alias)]
    if not aliases:
        return []
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, backend_name__in=aliases
    ).values_list("id", "task_path", "started_at", "worker_ids")
    lost = []
    for result_id, task_path, started_at, worker_ids in running:
        lease = lease_for(task_path)
        if started_at is None or started_at > now - lease:
            continue
        minutes = lease.total_seconds() / 60
        worker = worker_ids[-1] if worker_ids else "unknown"
        message = (
            f"worker lost: still running {minutes:g} minutes (its lease) after "
            f"it started, on worker {worker}"
        )
        # The check and the write in one statement: a worker that finishes it
        # meanwhile, or another recovery run, wins.
        marked = DBTaskResult.objects.filter(
            id=result_id, status=TaskResultStatus.RUNNING, started_at=started_at
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.WorkerLost",
            traceback=f"{__name__}.WorkerLost: {message}\n",
        )
        if not marked:
            continue
        lost.append(str(result_id))
        logger.warning("Task %s (%s): %s", task_path, result_id, message)
        # A task that kills its worker every time stops after the usual tries.
        if (
            task_path in RETRYABLE_TASKS
            and attempt_of(result_id) < MAX_AUTOMATIC_ATTEMPTS
        ):
            try:
                retry_failed_task(result_id=result_id, now=now)
            except RetryError as error:
                logger.warning("Not retried %s: %s", result_id, error.message)
    return lost


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long after its try number `attempt` failed a task is run again:
    TASK_RETRY_BACKOFF_SECONDS, then five times as long for each later try."""
    return datetime.timedelta(
        seconds=settings.TASK_RETRY_BACKOFF_SECONDS * 5 ** (attempt - 1)
    )
