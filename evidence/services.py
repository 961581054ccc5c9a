"""Writes for evidence builds: ask for one, build it (in a background task),
download it, verify it, and delete files whose download has expired.

Every change of a build's state is one conditional UPDATE, the check and the
write in the same statement: two workers handed the same build cannot both
build it, a ready build is never built again, and a failed one can be.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import hashlib
import io
import logging
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import exports
from agencies.models import Agency, Team
from agencies.selectors import (
    DASHBOARD_LABELS,
    STATUS_ORDER,
    ExportRow,
    Filters,
    Scope,
    Status,
    rows_for,
)
from audit import services as audit
from certificates import services as certificate_services
from core import emails
from core.languages import speaking_to
from courses.selectors import course_titles

from . import packs, selectors
from .models import STALE_AFTER, Build

logger = logging.getLogger(__name__)

# Progress is written every this many rows or certificates.
PROGRESS_EVERY = 100

BUILT = {
    Build.Kind.PACK: audit.Action.EVIDENCE_PACK_BUILT,
    Build.Kind.CERTIFICATES: audit.Action.CERTIFICATES_BULK_BUILT,
    Build.Kind.XLSX: audit.Action.LARGE_EXPORT_BUILT,
    Build.Kind.CSV: audit.Action.LARGE_EXPORT_BUILT,
}
DOWNLOADED = {
    Build.Kind.PACK: audit.Action.EVIDENCE_PACK_DOWNLOADED,
    Build.Kind.CERTIFICATES: audit.Action.CERTIFICATES_BULK_DOWNLOADED,
    Build.Kind.XLSX: audit.Action.LARGE_EXPORT_DOWNLOADED,
    Build.Kind.CSV: audit.Action.LARGE_EXPORT_DOWNLOADED,
}


class EvidenceError(Exception):
    """A request that cannot be carried out; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def verification_url(build: Build) -> str:
    return emails.absolute_url(
        reverse("evidence:verify", kwargs={"token": build.token})
    )


def build_url(build: Build) -> str:
    return emails.absolute_url(reverse("evidence:build", kwargs={"pk": build.pk}))


# Asking for a build ---------------------------------------------------------------


def _filters_json(scope: Scope, filters: Filters, **chosen) -> dict:
    return {
        **dataclasses.asdict(filters),
        **chosen,
        "scope_teams": None if scope.whole_agency else sorted(scope.team_ids),
    }


@transaction.atomic
def request_build(
    *,
    kind: str,
    scope: Scope,
    by,
    filters: Filters | None = None,
    courses: Iterable[int] = (),
    teams: Iterable[int] = (),
    as_at: datetime.date | None = None,
    start: bool = True,
) -> Build:
    """Ask for a build of her agency (within her scope) and start it in the
    background once the request commits (unless `start` is False: the shell
    command builds it itself). Courses and teams must be ones she may see:
    anything else is refused, and nothing is saved."""
    if kind not in Build.Kind.values:
        raise EvidenceError(_("Choose what to build."))
    today = timezone.localdate()
    as_at = as_at or today
    if as_at > today:
        raise EvidenceError(_("The “as at” date must be today or earlier."))
    teams = sorted(set(teams))
    if not set(teams) <= {team.pk for team in scope.team_list}:
        raise EvidenceError(_("Choose teams from your agency."))
    filters = filters or Filters()
    # Kept as JSON, which PostgreSQL will not store with a NUL in it.
    filters = dataclasses.replace(filters, query=filters.query.replace("\x00", ""))
    if filters.team and filters.team not in {team.pk for team in scope.team_list}:
        raise EvidenceError(_("Choose teams from your agency."))
    build = Build.objects.create(
        kind=kind,
        agency=scope.agency,
        agency_name=scope.agency.name,
        built_by=by,
        built_by_name=(getattr(by, "full_name", "") or "").strip() or "Kairos",
        filters=_filters_json(
            scope, filters, courses=sorted(set(courses)), teams=teams
        ),
        as_at=as_at,
    )
    if start:
        from .tasks import build_evidence  # tasks import this module

        transaction.on_commit(lambda: build_evidence.enqueue(build.pk))
    return build


def _may_start() -> Q:
    """Waiting, failed, or building so long its worker must have been lost."""
    return Q(status__in=[Build.State.QUEUED, Build.State.FAILED]) | Q(
        status=Build.State.BUILDING, started_at__lt=timezone.now() - STALE_AFTER
    )


def retry_build(*, build: Build) -> bool:
    """Start a failed (or lost) build again; False if it had not failed."""
    from .tasks import build_evidence

    with transaction.atomic():
        updated = (
            Build.objects.filter(pk=build.pk)
            .filter(_may_start())
            .exclude(status=Build.State.QUEUED)
            .update(status=Build.State.QUEUED, error="", progress_done=0)
        )
        if updated:
            transaction.on_commit(lambda: build_evidence.enqueue(build.pk))
    return bool(updated)


# Building ------------------------------------------------------------------------


class _Progress:
    """Counts what has been written and saves it every PROGRESS_EVERY items."""

    def __init__(self, build: Build):
        self.build_id = build.pk
        self.done = 0
        self._saved = 0

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done - self._saved >= PROGRESS_EVERY:
            self.save()

    def save(self) -> None:
        # Never past the total counted at the start, even if rows were added
        # since.
        Build.objects.filter(pk=self.build_id, status=Build.State.BUILDING).update(
            progress_done=Least(Value(self.done), F("progress_total"))
        )
        self._saved = self.done


def run_build(build_id: int) -> bool:
    """Build the file, if the build is waiting, failed before, or lost its
    worker (STALE_AFTER). True when this call built it; a ready build, or one
    another worker is building, is left alone."""
    started = (
        Build.objects.filter(pk=build_id)
        .filter(_may_start())
        .update(
            status=Build.State.BUILDING,
            started_at=timezone.now(),
            progress_done=0,
            error="",
        )
    )
    if not started:
        return False
    build = Build.objects.select_related("agency", "built_by").get(pk=build_id)
    try:
        rows, certificates = selectors.counts_for(build)
        Build.objects.filter(pk=build.pk).update(progress_total=rows + certificates)
        build.progress_total = rows + certificates
        # Written in the language of the person who asked (the summary, the
        # spreadsheet's About sheet, the manifest's words).
        with tempfile.TemporaryFile() as spool, speaking_to(build.built_by):
            result = BUILDERS[build.kind](build, spool, _Progress(build))
            _store(build, spool, result)
    except Exception as error:
        logger.exception("Evidence build %s failed", build_id)
        Build.objects.filter(pk=build_id, status=Build.State.BUILDING).update(
            status=Build.State.FAILED,
            error=repr(error)[:2000],
            finished_at=timezone.now(),
        )
        raise
    send_ready_email(build_id)
    return True


@dataclasses.dataclass
class _Result:
    filename: str
    manifest: dict
    manifest_sha256: str
    rows: int = 0
    certificates: int = 0


def _store(build: Build, spool: IO[bytes], result: _Result) -> None:
    """Save the file and mark the build ready, in one transaction with its
    audit event."""
    size = spool.tell()
    spool.seek(0)
    now = timezone.now()
    with transaction.atomic():
        build.file.save(result.filename, File(spool), save=False)
        updated = Build.objects.filter(pk=build.pk, status=Build.State.BUILDING).update(
            status=Build.State.READY,
            file=build.file.name,
            filename=result.filename,
            size=size,
            manifest=result.manifest,
            manifest_sha256=result.manifest_sha256,
            row_count=result.rows,
            certificate_count=result.certificates,
            progress_done=F("progress_total"),
            finished_at=now,
            expires_at=now + datetime.timedelta(days=settings.EVIDENCE_DOWNLOAD_DAYS),
        )
        if not updated:  # no longer ours (marked failed meanwhile)
            build.file.storage.delete(build.file.name)
            return
        build.refresh_from_db()
        audit.record(
            actor=build.built_by,
            action=BUILT[build.kind],
            target=build,
            target_label=_label(build),
            agency=build.agency,
            details=_details(build),
        )


def _label(build: Build) -> str:
    return f"{build.get_kind_display()}: {build.agency_name or 'all agencies'}"


def _details(build: Build, **more) -> dict:
    return {
        "format": "zip" if build.is_zip else build.kind,
        "kind": build.kind,
        "filters": {
            key: value
            for key, value in build.filters.items()
            if value not in ("", None, [])
        },
        "as_at": build.as_at,
        "rows": build.row_count,
        "certificates": build.certificate_count,
        **more,
    }


def _counted(rows: Iterable[ExportRow], progress: _Progress, tally: _Tally | None):
    for row in rows:
        if tally is not None:
            tally.add(row)
        progress.step()
        yield row


class _Tally:
    """Totals by course and by team, counted as the rows are written."""

    def __init__(self):
        self.by_course: defaultdict[str, Counter] = defaultdict(Counter)
        self.by_team: defaultdict[str, Counter] = defaultdict(Counter)
        self.rows = 0

    def add(self, row: ExportRow) -> None:
        self.rows += 1
        self.by_course[row.course][row.status] += 1
        self.by_team[row.team or _("No team")][row.status] += 1

    @staticmethod
    def table(counts: dict[str, Counter]) -> list[dict]:
        labels = [Status.LABELS[status] for status in STATUS_ORDER]
        return [
            {
                "name": name,
                "counts": [counter[label] for label in labels],
                "total": sum(counter.values()),
            }
            for name, counter in sorted(counts.items(), key=lambda i: i[0].casefold())
        ]


def filters_in_words(build: Build) -> list[str]:
    """The build's filters as the summary and the spreadsheet's About sheet
    state them."""
    f, words = build.filters, []
    if f.get("scope_teams"):
        names = Team.objects.filter(pk__in=f["scope_teams"]).order_by("name")
        words.append(
            _("People in the teams the manager manages: %(teams)s")
            % {"teams": ", ".join(names.values_list("name", flat=True))}
        )
    team_ids = [*(f.get("teams") or []), *([f["team"]] if f.get("team") else [])]
    if team_ids:
        names = Team.objects.filter(pk__in=team_ids).order_by("name")
        words.append(
            _("Teams: %(teams)s")
            % {"teams": ", ".join(names.values_list("name", flat=True))}
        )
    course_ids = [
        *(f.get("courses") or []),
        *([f["course"]] if f.get("course") else []),
    ]
    if course_ids:
        titles = course_titles(course_ids)
        unpublished = _("a course no longer published")
        words.append(
            _("Courses: %(courses)s")
            % {
                "courses": ", ".join(
                    sorted(titles.get(pk, unpublished) for pk in course_ids)
                )
            }
        )
    if f.get("status"):
        words.append(
            _("Status: %(status)s")
            % {"status": Status.LABELS.get(f["status"], f["status"])}
        )
    if f.get("query"):
        words.append(_("Name or email contains: %(query)s") % {"query": f["query"]})
    return words


def _about(build: Build) -> exports.About:
    user = build.built_by
    email = f" ({user.email})" if user is not None else ""
    return exports.About(
        report=_("Staff training report"),
        agency=build.agency_name or _("All agencies"),
        exported_by=f"{build.built_by_name}{email}",
        exported_at=build.started_at or timezone.now(),
        as_at=build.as_at,
        filters=filters_in_words(build),
    )


def _base_name(build: Build) -> str:
    name = packs.safe_name_part(build.agency_name or "Kairos") or "Kairos"
    return f"{name} training {build.as_at:%Y-%m-%d}"


def _manifest_head(build: Build) -> dict:
    return {
        "format": "Kairos Learning evidence manifest, version 1",
        "kind": str(build.get_kind_display()),
        "agency": build.agency_name or _("All agencies"),
        "built_by": build.built_by_name,
        "built_at": timezone.localtime(build.started_at).isoformat(),
        "as_at": build.as_at.isoformat(),
        "filters": filters_in_words(build),
        "verification_url": verification_url(build),
        "how_to_check": _(
            "Each file's SHA-256 below must match the file's own; the SHA-256 of "
            "this manifest must match the one on the verification page."
        ),
    }


def _write_xlsx(build, progress, tally) -> tuple[IO[bytes], int]:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    rows = _counted(rows_for(selectors.requirements_for(build)), progress, tally)
    count = exports.write_xlsx(rows, _about(build), spool)
    spool.seek(0)
    return spool, count


def _add_certificates(
    writer: packs.PackWriter, build: Build, progress: _Progress
) -> list[dict]:
    """Every certificate in force for the build, rendered first if its PDF is
    not yet stored, copied into the ZIP a chunk at a time."""
    listed = []
    for chunk in selectors.certificate_chunks(build):
        for certificate in chunk:
            if not certificate.pdf:
                certificate_services.render(certificate)
            name = packs.certificate_file_name(
                learner_name=certificate.learner_name,
                course_title=certificate.course_title,
                reference=certificate.reference,
            )
            with certificate.pdf.open("rb") as stored:
                entry = writer.add_stream(
                    f"certificates/{name}", stored, compress=False
                )
            listed.append(
                {
                    "reference": certificate.reference,
                    "file": entry.name,
                    "learner": certificate.learner_name,
                    "course": certificate.course_title,
                }
            )
            progress.step()
    return listed


def _build_pack(build: Build, spool: IO[bytes], progress: _Progress) -> _Result:
    from . import rendering  # WeasyPrint loads only where PDFs are made.

    writer = packs.PackWriter(spool, when=timezone.localtime(build.started_at))
    tally = _Tally()
    xlsx, rows = _write_xlsx(build, progress, tally)
    spreadsheet = f"{_base_name(build)}.xlsx"
    with xlsx:
        writer.add_stream(spreadsheet, xlsx, compress=True)
    listed = _add_certificates(writer, build, progress)
    summary = rendering.render_summary(
        {
            "agency": build.agency_name or _("All agencies"),
            "as_at": build.as_at,
            "built_by": build.built_by_name,
            "built_at": timezone.localtime(build.started_at),
            "filters": filters_in_words(build),
            "spreadsheet": spreadsheet,
            "rows": rows,
            "certificate_count": len(listed),
            "verification_url": verification_url(build),
            "status_labels": [Status.LABELS[s] for s in STATUS_ORDER],
            "by_course": _Tally.table(tally.by_course),
            "by_team": _Tally.table(tally.by_team),
            "definitions": [
                (_status_heading(status), Status.DEFINITIONS[status])
                for status in STATUS_ORDER
            ],
        }
    )
    writer.add_bytes("summary.pdf", summary, compress=True)
    manifest, digest = writer.finish({**_manifest_head(build), "certificates": listed})
    return _Result(
        filename=f"{_base_name(build)} evidence pack.zip",
        manifest=manifest,
        manifest_sha256=digest,
        rows=rows,
        certificates=len(listed),
    )


def _status_heading(status: str) -> str:
    label, shown = Status.LABELS[status], DASHBOARD_LABELS[status]
    if shown == label:
        return label
    return _("%(label)s (dashboard: %(shown)s)") % {"label": label, "shown": shown}


def _build_certificates(build: Build, spool: IO[bytes], progress: _Progress) -> _Result:
    writer = packs.PackWriter(spool, when=timezone.localtime(build.started_at))
    listed = _add_certificates(writer, build, progress)
    manifest, digest = writer.finish({**_manifest_head(build), "certificates": listed})
    return _Result(
        filename=f"{_base_name(build)} certificates.zip",
        manifest=manifest,
        manifest_sha256=digest,
        certificates=len(listed),
    )


def _single_file(build: Build, spool: IO[bytes], name: str, rows: int) -> _Result:
    end = spool.tell()
    spool.seek(0)
    digest, size = packs.sha256_of(spool)
    spool.seek(end)
    manifest = {
        **_manifest_head(build),
        "files": [{"name": name, "sha256": digest, "size": size}],
    }
    return _Result(
        filename=name,
        manifest=manifest,
        manifest_sha256=hashlib.sha256(packs.manifest_bytes(manifest)).hexdigest(),
        rows=rows,
    )


def _build_xlsx(build: Build, spool: IO[bytes], progress: _Progress) -> _Result:
    rows = _counted(rows_for(selectors.requirements_for(build)), progress, None)
    count = exports.write_xlsx(rows, _about(build), spool)
    return _single_file(build, spool, f"{_base_name(build)}.xlsx", count)


def _csv_lines(rows: Iterator[list[str]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def _build_csv(build: Build, spool: IO[bytes], progress: _Progress) -> _Result:
    tally = _Tally()
    rows = _counted(rows_for(selectors.requirements_for(build)), progress, tally)
    for line in _csv_lines(exports.csv_rows(rows)):
        spool.write(line)
    return _single_file(build, spool, f"{_base_name(build)}.csv", tally.rows)


BUILDERS = {
    Build.Kind.PACK: _build_pack,
    Build.Kind.CERTIFICATES: _build_certificates,
    Build.Kind.XLSX: _build_xlsx,
    Build.Kind.CSV: _build_csv,
}


# After the build ----------------------------------------------------------------


def send_ready_email(build_id: int) -> bool:
    """Tell the person who asked that her file is ready, once."""
    build = (
        Build.objects.select_related("built_by")
        .filter(pk=build_id, status=Build.State.READY, built_by__is_active=True)
        .first()
    )
    if build is None:
        return False
    with speaking_to(build.built_by):
        subject = _("Ready to download: %(kind)s for %(agency)s") % {
            "kind": build.get_kind_display().lower(),
            "agency": build.agency_name,
        }
        return emails.send_once(
            kind="evidence_ready",
            object_id=build.pk,
            to=build.built_by.email,
            subject=subject,
            template="evidence/email/ready",
            context={
                "build": build,
                "recipient": build.built_by,
                "url": build_url(build),
                "days": settings.EVIDENCE_DOWNLOAD_DAYS,
            },
        )


def record_download(*, build: Build, by) -> None:
    audit.record(
        actor=by,
        action=DOWNLOADED[build.kind],
        target=build,
        target_label=_label(build),
        agency=build.agency,
        details=_details(build),
    )


def record_verification(*, build: Build) -> None:
    """Count a view of the public verification page: how many, never who. The
    audit log gets one event a day for a pack whose page was opened, with the
    count so far."""
    today = timezone.localdate()
    Build.objects.filter(pk=build.pk).update(verified_count=F("verified_count") + 1)
    first_today = (
        Build.objects.filter(pk=build.pk)
        .exclude(verified_on=today)
        .update(verified_on=today)
    )
    if first_today:
        audit.record(
            actor=None,
            action=audit.Action.EVIDENCE_PACK_VERIFIED,
            target=build,
            target_label=_label(build),
            agency=(build.agency_id, build.agency_name) if build.agency_id else None,
            details={
                "views_so_far": build.verified_count + 1,
                "kind": build.kind,
            },
        )


def sweep_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files whose download has expired; their builds, manifests
    and verification pages stay. Returns how many were deleted."""
    now = now or timezone.now()
    deleted = 0
    expired = Build.objects.filter(expires_at__lte=now, file_deleted_at__isnull=True)
    for build in expired.exclude(file="").iterator():
        name = build.file.name
        if Build.objects.filter(pk=build.pk, file_deleted_at__isnull=True).update(
            file="", file_deleted_at=now
        ):
            build.file.storage.delete(name)
            deleted += 1
    return deleted


def pack_for_agency(
    *, agency: Agency, by=None, courses=(), teams=(), as_at=None, start=True
) -> Build:
    """An evidence pack of a whole agency (a trainer's, or the shell's)."""
    return request_build(
        kind=Build.Kind.PACK,
        scope=Scope(agency=agency),
        by=by,
        courses=courses,
        teams=teams,
        as_at=as_at,
        start=start,
    )
