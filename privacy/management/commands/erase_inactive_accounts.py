"""The daily retention run: schedule it once a day beside send_reminders.

    manage.py erase_inactive_accounts [--dry-run]

Accounts with no sign-in for INACTIVE_ACCOUNT_RETENTION_DAYS are warned by
email INACTIVE_ACCOUNT_WARNING_DAYS before, then erased (docs/privacy.md).
Running it twice the same day warns and erases nobody twice. An account that
fails is logged and listed, the run carries on with everyone else, and the
command then exits with an error.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy import services


class Command(BaseCommand):
    help = "Warn, then erase, accounts nobody has signed in to for a long time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would be warned and erased; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        if settings.INACTIVE_ACCOUNT_RETENTION_DAYS <= 0:
            self.stdout.write(
                "Retention is off (INACTIVE_ACCOUNT_RETENTION_DAYS is 0): "
                "nothing to do."
            )
            return
        run = services.erase_inactive_accounts(dry_run=dry_run)
        if dry_run:
            for label, users in [("warn", run.warned), ("erase", run.erased)]:
                for user in users:
                    seen = timezone.localtime(user.seen)
                    self.stdout.write(
                        f"Would {label}: {user.email} (last seen {seen:%d %B %Y})"
                    )
            self.stdout.write(
                f"Dry run: {len(run.warned)} would be warned and "
                f"{len(run.erased)} erased. Nothing was changed."
            )
            return
        self.stdout.write(
            f"Warned {len(run.warned)} account(s); erased {len(run.erased)}."
        )
        if run.failed:
            for user_id in run.failed:
                self.stderr.write(f"Failed: account {user_id} (see the error log)")
            raise CommandError(
                f"{len(run.failed)} account(s) could not be warned or erased; "
                "everyone else was dealt with."
            )
