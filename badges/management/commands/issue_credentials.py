from django.core.management.base import BaseCommand

from badges import services


class Command(BaseCommand):
    help = (
        "Issue the Open Badges credential of every certificate in force that has "
        "none (certificates issued before badges existed, or whose credential "
        "failed). Safe to run at any time; part of the daily run."
    )

    def handle(self, *args, **options):
        issued = services.issue_missing()
        self.stdout.write(f"{issued} Open Badges credential(s) issued.")
