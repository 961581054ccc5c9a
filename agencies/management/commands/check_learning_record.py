"""Check every requirement's stored dates against a recomputation from the raw
history (her enrolment, the assignment, the course), report any drift, and with
--repair put it right.

    manage.py check_learning_record [--repair]

Exits with an error when it finds drift and was not asked to repair it, so CI
and the daily run notice.
"""

from django.core.management.base import BaseCommand, CommandError

from agencies import records


class Command(BaseCommand):
    help = "Compare stored requirement dates with the learning record; --repair fixes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Write the recomputed dates."
        )

    def handle(self, *args, repair: bool = False, **options):
        different = records.drift()
        for requirement, expected in different[:50]:
            stored = records.stored_record(requirement)
            changes = ", ".join(
                f"{name} {getattr(stored, name)} → {getattr(expected, name)}"
                for name in records.RECORD_FIELDS
                if getattr(stored, name) != getattr(expected, name)
            )
            self.stdout.write(
                f"Requirement {requirement.pk} (person {requirement.user_id}, "
                f"course {requirement.course_id}): {changes}"
            )
        if len(different) > 50:
            self.stdout.write(f"… and {len(different) - 50} more.")
        if not different:
            self.stdout.write("0 differences: every stored record matches.")
            return
        if repair:
            records.repair(different)
            self.stdout.write(f"Repaired {len(different)} requirement(s).")
            return
        raise CommandError(
            f"{len(different)} requirement(s) differ from the learning record; "
            "run with --repair to fix them."
        )
