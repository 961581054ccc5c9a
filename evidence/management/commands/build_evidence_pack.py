"""Build an agency's evidence pack from the shell, for agencies too large to
wait on in a browser: the same service the pages use, run here rather than by a
worker, then copied to --out. The pack also appears on the agency's Evidence
packs page, with its verification page, like any other."""

from __future__ import annotations

import datetime
import shutil

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from agencies.models import Agency
from evidence import services
from evidence.models import Build


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--as-at must be a date as YYYY-MM-DD, not {value!r}"
        ) from error


class Command(BaseCommand):
    help = "Build an agency's evidence pack (ZIP) and write it to a file."

    def add_arguments(self, parser):
        parser.add_argument("--agency", type=int, required=True, help="Agency id.")
        parser.add_argument(
            "--course",
            type=int,
            action="append",
            default=[],
            help="Course id (repeatable; default all).",
        )
        parser.add_argument(
            "--team",
            type=int,
            action="append",
            default=[],
            help="Team id (repeatable; default all).",
        )
        parser.add_argument(
            "--as-at", type=_date, default=None, help="YYYY-MM-DD; default today."
        )
        parser.add_argument(
            "--by", default="", help="Email of the person it is built for (optional)."
        )
        parser.add_argument("--out", required=True, help="Where to write the ZIP.")

    def handle(self, *args, agency, course, team, as_at, by, out, **options):
        found = Agency.objects.filter(pk=agency).first()
        if found is None:
            raise CommandError(f"No agency with id {agency}.")
        person = None
        if by:
            person = User.objects.filter(email__iexact=by).first()
            if person is None:
                raise CommandError(f"No account with the email {by}.")
        try:
            build = services.pack_for_agency(
                agency=found,
                by=person,
                courses=course,
                teams=team,
                as_at=as_at,
                start=False,
            )
        except services.EvidenceError as error:
            raise CommandError(error.message) from error
        services.run_build(build.pk)
        build.refresh_from_db()
        if build.status != Build.State.READY:
            raise CommandError(f"The pack did not build: {build.error}")
        with build.file.open("rb") as stored, open(out, "wb") as target:
            shutil.copyfileobj(stored, target)
        self.stdout.write(
            f"Wrote {out}: {build.row_count} rows, {build.certificate_count} "
            f"certificates, {build.size} bytes.\n"
            f"Manifest SHA-256: {build.manifest_sha256}\n"
            f"Verification page: {services.verification_url(build)}"
        )
