"""Run again the background tasks that failed recently. Part of the daily run:
each failure is retried at most once, and only tasks marked safe to retry."""

import datetime

from django.core.management.base import BaseCommand

from operations import services


class Command(BaseCommand):
    help = "Enqueue again failed background tasks that are safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age-hours",
            type=int,
            default=7 * 24,
            help="Only failures from this many hours back (default: a week).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=100,
            help="At most this many tasks in one run (default: 100).",
        )

    def handle(self, *args, max_age_hours, limit, **options):
        if not services.uses_database_backend():
            self.stdout.write("Tasks are not stored in the database: nothing to do.")
            return
        retried = services.retry_failed_tasks(
            max_age=datetime.timedelta(hours=max_age_hours), limit=limit
        )
        self.stdout.write(f"Queued {len(retried)} failed task(s) to run again.")
