"""A file built in the background for a manager or a trainer: an evidence pack,
a ZIP of certificates, or a large export.

One row per build, whatever its kind: what was asked for (the filters and the
"as at" date), where it stands (queued, building, ready, failed, with progress),
the file itself in private storage, and its manifest with the manifest's
SHA-256, which the public verification page shows. The file is deleted when its
download expires; the row, its manifest and its verification page remain.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import TextWithoutNul

# A build still "building" this long after it started lost its worker (a
# deploy, a crash): it may be started again.
STALE_AFTER = timedelta(hours=2)


def new_token() -> str:
    """192 random bits, URL-safe: the pack's verification link."""
    return secrets.token_urlsafe(24)


def evidence_storage():
    """Built files are private, as certificate PDFs are, and share their
    storage (a volume, or S3 in production) under evidence/: never public
    media, only ever served through a view that checks who is asking."""
    return storages["certificates"]


def build_path(build: "Build", filename: str) -> str:
    return f"evidence/{build.created_at:%Y/%m}/{build.token}/{filename}"


class Build(models.Model):
    class Kind(models.TextChoices):
        PACK = "pack", _("Evidence pack")
        CERTIFICATES = "certificates", _("Certificates")
        XLSX = "xlsx", _("Spreadsheet (XLSX)")
        CSV = "csv", "CSV"

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Did not finish")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for a Kairos-wide build."),
    )
    # Copied at the time, so the verification page still reads correctly after
    # the agency or the person is deleted or erased.
    agency_name = models.CharField(max_length=200, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    built_by_name = models.CharField(max_length=200, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    as_at = models.DateField()
    status = models.CharField(
        max_length=20, choices=State.choices, default=State.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(
        storage=evidence_storage, upload_to=build_path, blank=True, max_length=300
    )
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    certificate_count = models.PositiveIntegerField(default=0)
    token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)
    # How often the public verification page was opened: a count, never who.
    verified_count = models.PositiveIntegerField(default=0)
    verified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            TextWithoutNul(
                fields=["agency_name", "built_by_name", "filename", "error"],
                name="evidence_build_text_without_nul",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total"))
                | Q(progress_total=0),
                name="evidence_build_progress_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(manifest_sha256=""),
                name="evidence_build_ready_has_manifest",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="evidence_expiry"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.agency_name or 'all agencies'}"

    @property
    def builder(self) -> str:
        """Who asked for it, as pages show it: her name now, so that once her
        account is erased the pack's public page names nobody (her user row
        stays, renamed); the name kept at the time when the row has gone."""
        if self.built_by_id is not None:
            return self.built_by.full_name or self.built_by_name
        return self.built_by_name

    @property
    def is_ready(self) -> bool:
        return self.status == self.State.READY

    @property
    def download_expired(self) -> bool:
        """The file has gone (or is past its date): the verification page stays."""
        if self.file_deleted_at is not None:
            return True
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def can_download(self) -> bool:
        return self.is_ready and bool(self.file) and not self.download_expired

    @property
    def looks_lost(self) -> bool:
        """Building for so long its worker must have stopped (a deploy, a
        crash): the page offers to start it again."""
        return (
            self.status == self.State.BUILDING
            and self.started_at is not None
            and self.started_at < timezone.now() - STALE_AFTER
        )

    @property
    def percent(self) -> int:
        if self.status == self.State.READY:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_zip(self) -> bool:
        return self.kind in (self.Kind.PACK, self.Kind.CERTIFICATES)
