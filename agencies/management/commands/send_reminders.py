"""The daily reminder run: schedule it once a day (cron, or the platform's
scheduler). Running it again the same day sends nothing twice."""

from django.core.management.base import BaseCommand

from agencies import reminders


class Command(BaseCommand):
    help = "Email learners about due and overdue training, and managers a digest."

    def handle(self, *args, **options):
        sent = reminders.send_reminders()
        self.stdout.write(
            f"Sent {sent.due_soon} due-soon reminder(s), {sent.overdue} overdue "
            f"reminder(s) and {sent.digests} manager digest(s)."
        )
