"""Delete built files whose download has expired (EVIDENCE_DOWNLOAD_DAYS); the
builds, their manifests and verification pages stay. Part of the daily run."""

from django.core.management.base import BaseCommand

from evidence import services


class Command(BaseCommand):
    help = (
        "Delete evidence packs, certificate ZIPs and exports past their download date."
    )

    def handle(self, *args, **options):
        deleted = services.sweep_expired()
        self.stdout.write(f"Deleted {deleted} expired file(s).")
