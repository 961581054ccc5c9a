"""The daily run: schedule `manage.py run_daily` once a day (cron, or the
platform's scheduler), on any one machine that has the production environment.

It enqueues the reminder emails (a db_worker sends them), finishes certificates
that did not render, deletes evidence files past their download date, erases
accounts past the retention period, marks failed
the tasks whose worker was lost and retries failed background tasks. Each step
is safe to run twice, and the run as a whole happens once a day: a second run
the same day does nothing unless --force (without the cache it cannot tell, and
runs). A step that fails does not stop the others; the command then exits with
an error so the scheduler reports it, and the day can be run again.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agencies.tasks import send_reminders
from core.cache import CacheUnavailable
from operations.services import uses_database_backend

logger = logging.getLogger(__name__)

# Long enough to cover the day the run is for, whenever in it the run starts.
DONE_FOR = 36 * 60 * 60
# A run that dies without cleaning up frees the day after this long.
RUNNING_FOR = 60 * 60


# Finished task results are kept this long (failures too: the Background tasks
# page shows them and retry_failed_tasks looks back a week).
KEEP_TASK_RESULTS_DAYS = 30


def _enqueue_reminders() -> str:
    # The day travels with the task, so a retry on a later day still sends
    # the reminders that were due on this one.
    result = send_reminders.enqueue(day=timezone.localdate().isoformat())
    return f"reminders enqueued (task {result.id})"


def _prune_task_results() -> str:
    if not uses_database_backend():
        return "skipped (tasks are not stored in the database)"
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=KEEP_TASK_RESULTS_DAYS,
        failed_min_age_days=KEEP_TASK_RESULTS_DAYS,
        verbosity=0,
    )
    return f"task results older than {KEEP_TASK_RESULTS_DAYS} days deleted"


STEPS = [
    ("reminders", _enqueue_reminders),
    ("sweep_certificates", "sweep_certificates"),
    ("issue_credentials", "issue_credentials"),
    ("sweep_evidence", "sweep_evidence"),
    ("erase_inactive_accounts", "erase_inactive_accounts"),
    ("recover_tasks", "recover_tasks"),
    ("retry_failed_tasks", "retry_failed_tasks"),
    ("prune_task_results", _prune_task_results),
]


def _claim(key: str) -> bool:
    """Mark the day as running; False if it already is or was. Without the
    cache there is no telling, so the run goes ahead: every step is safe twice."""
    strict = getattr(cache, "strict", None)
    if strict is None:
        return cache.add(key, "running", timeout=RUNNING_FOR)
    try:
        with strict():
            return cache.add(key, "running", timeout=RUNNING_FOR)
    except CacheUnavailable:
        logger.warning("The cache is unavailable: running the day without its lock.")
        return True


class Command(BaseCommand):
    help = "The once-a-day run: reminders, certificates, retention, failed tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even if today's run has already happened.",
        )

    def handle(self, *args, force: bool = False, **options):
        day = timezone.localdate().isoformat()
        key = f"run_daily:{day}"
        if force:
            cache.set(key, "running", timeout=RUNNING_FOR)
        elif not _claim(key):
            state = cache.get(key)
            message = (
                f"The daily run for {day} has already happened."
                if state == "done"
                else f"The daily run for {day} is running elsewhere."
            )
            logger.info(message)
            self.stdout.write(message + " Use --force to run it again.")
            return

        failed = self._run_steps()
        if failed:
            cache.delete(key)  # the day can be run again
            steps = ", ".join(failed)
            raise CommandError(f"The daily run for {day} failed at: {steps}")
        cache.set(key, "done", timeout=DONE_FOR)
        logger.info("The daily run for %s finished.", day)
        self.stdout.write(self.style.SUCCESS(f"The daily run for {day} finished."))

    def _run_steps(self) -> list[str]:
        failed = []
        for name, step in STEPS:
            try:
                if isinstance(step, str):
                    call_command(step, stdout=self.stdout, stderr=self.stderr)
                    outcome = "done"
                else:
                    outcome = step()
            except Exception:
                logger.exception("Daily run: %s failed.", name)
                self.stderr.write(f"{name}: failed (see the log).")
                failed.append(name)
            else:
                logger.info("Daily run: %s: %s.", name, outcome)
                self.stdout.write(f"{name}: {outcome}.")
        return failed
