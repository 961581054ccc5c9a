"""Background tasks that lost their worker, and failures due another try.

Schedule it every few minutes (it is also a step of the daily run): a task
RUNNING longer than its lease is marked failed ("worker lost") and, if safe to
run twice, enqueued again; failed tasks safe to retry run again once their
backoff has passed, at most MAX_AUTOMATIC_ATTEMPTS tries in all."""

from django.core.management.base import BaseCommand

from operations import services


class Command(BaseCommand):
    help = "Recover tasks whose worker was lost, and retry failures after backoff."

    def handle(self, *args, **options):
        if not services.uses_database_backend():
            self.stdout.write("Tasks are not stored in the database: nothing to do.")
            return
        lost = services.recover_lost_tasks()
        retried = services.retry_failed_tasks()
        self.stdout.write(
            f"{len(lost)} task(s) had lost their worker; "
            f"queued {len(retried)} failed task(s) to run again."
        )
