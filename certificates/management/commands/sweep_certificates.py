"""Finish what failed: issue missing certificates and render missing PDFs.

The database task backend never retries, so run this every few minutes (cron,
or the platform's scheduler). Both tasks are idempotent: enqueueing one twice
renders nothing twice.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from certificates import selectors
from certificates.tasks import issue_certificate, render_certificate


class Command(BaseCommand):
    help = "Re-enqueue certificate issuing and rendering that did not finish."

    def handle(self, *args, **options):
        grace = timedelta(minutes=settings.CERTIFICATE_RENDER_GRACE_MINUTES)
        issued = 0
        for enrolment_id in selectors.completions_without_certificate(
            older_than=grace
        ).values_list("pk", flat=True):
            issue_certificate.enqueue(enrolment_id)
            issued += 1
        rendered = 0
        for certificate_id in selectors.awaiting_render(older_than=grace).values_list(
            "pk", flat=True
        ):
            render_certificate.enqueue(certificate_id)
            rendered += 1
        self.stdout.write(
            f"Enqueued {issued} certificate(s) to issue and {rendered} to render."
        )
