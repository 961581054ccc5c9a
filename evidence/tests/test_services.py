"""Building evidence: what is in a pack, that its manifest matches its files,
which certificates go in, and that a build runs once."""

import datetime
import hashlib
import io
import zipfile

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from django.core import mail
from django.utils import timezone

from agencies.selectors import Scope
from audit.models import AuditEvent
from certificates import services as certificate_services
from evidence import packs, services
from evidence.models import Build

from .conftest import manifest_of, open_zip

pytestmark = pytest.mark.django_db


def built(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        build = services.request_build(**kwargs)
    build.refresh_from_db()
    return build


def test_a_pack_holds_a_summary_the_spreadsheet_each_certificate_and_a_manifest(
    django_capture_on_commit_callbacks, agency, manager, record
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.PACK,
        scope=Scope(agency=agency),
        by=manager,
    )
    assert build.status == Build.State.READY
    archive = open_zip(build)
    alice, bella = record["alice"], record["bella"]
    course = "Trauma-informed practice"
    alices = f"certificates/Adams Alice – {course} – {alice.reference}.pdf"
    bellas = f"certificates/Brown Bella – {course} – {bella.reference}.pdf"
    assert sorted(archive.namelist()) == sorted(
        [
            f"Coventry Probation training {build.as_at:%Y-%m-%d}.xlsx",
            alices,
            bellas,
            "summary.pdf",
            "manifest.json",
        ]
    )
    # PDFs are stored as they are; the rest is compressed.
    kinds = {info.filename: info.compress_type for info in archive.infolist()}
    assert kinds["summary.pdf"] == kinds["manifest.json"] == zipfile.ZIP_DEFLATED
    assert kinds[alices] == zipfile.ZIP_STORED
    assert build.row_count == 6  # Alice, Bella and Maya, two courses each
    assert build.certificate_count == 2


def test_every_file_matches_its_manifest_and_the_manifest_its_hash(
    django_capture_on_commit_callbacks, agency, manager, record
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.PACK,
        scope=Scope(agency=agency),
        by=manager,
    )
    archive = open_zip(build)
    manifest = manifest_of(archive)
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) | {"manifest.json"} == set(archive.namelist())
    for name, entry in listed.items():
        data = archive.read(name)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["size"]
    assert (
        hashlib.sha256(archive.read("manifest.json")).hexdigest()
        == build.manifest_sha256
    )
    assert manifest == build.manifest
    assert {c["reference"] for c in manifest["certificates"]} == {
        record["alice"].reference,
        record["bella"].reference,
    }


def test_a_certificate_not_yet_rendered_is_rendered_first(
    django_capture_on_commit_callbacks, agency, manager, record
):
    assert not record["alice"].pdf
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.CERTIFICATES,
        scope=Scope(agency=agency),
        by=manager,
    )
    record["alice"].refresh_from_db()
    assert record["alice"].pdf
    archive = open_zip(build)
    name = next(n for n in archive.namelist() if record["alice"].reference in n)
    with record["alice"].pdf.open("rb") as stored:
        assert archive.read(name) == stored.read()


def test_the_summary_is_tagged_and_links_to_the_packs_verification_page(
    django_capture_on_commit_callbacks, agency, manager, record
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.PACK,
        scope=Scope(agency=agency),
        by=manager,
    )
    data = open_zip(build).read("summary.pdf")
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    text = "".join(
        document[i].get_textpage().get_text_range() for i in range(len(document))
    )
    url = services.verification_url(build)
    assert url in text.replace("\r\n", "").replace("\n", "")
    text = " ".join(text.split())
    assert "Maya Brooks" in text
    assert "needs support" in text  # the status definitions, with both words
    assert "Trauma-informed practice" in text
    assert "North" in text
    # Tagged for assistive technology, as certificates are, with its title.
    assert pdfium_c.FPDFCatalog_IsTagged(document.raw)
    assert document.get_metadata_dict()["Title"].startswith(
        "Training evidence: Coventry Probation"
    )
    codes = [
        code.text
        for code in zxingcpp.read_barcodes(document[0].render(scale=3).to_pil())
    ]
    assert url in codes


def test_only_certificates_in_force_go_in(
    django_capture_on_commit_callbacks, agency, manager, record
):
    certificate_services.revoke(
        certificate=record["bella"], by=manager, reason="Issued in error"
    )
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.CERTIFICATES,
        scope=Scope(agency=agency),
        by=manager,
    )
    names = open_zip(build).namelist()
    assert not any(record["bella"].reference in name for name in names)
    assert any(record["alice"].reference in name for name in names)


def test_courses_and_teams_chosen_narrow_the_pack(
    django_capture_on_commit_callbacks, agency, manager, north, record
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.PACK,
        scope=Scope(agency=agency),
        by=manager,
        teams=[north.pk],
        courses=[record["course"].pk],
    )
    names = open_zip(build).namelist()
    assert any(record["alice"].reference in name for name in names)
    assert not any(record["bella"].reference in name for name in names)
    assert build.row_count == 1


def test_a_team_managers_pack_holds_only_her_teams(
    django_capture_on_commit_callbacks, agency, team_manager, record
):
    from agencies.selectors import manager_scope

    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.PACK,
        scope=manager_scope(team_manager),
        by=team_manager,
    )
    names = open_zip(build).namelist()
    assert any(record["alice"].reference in name for name in names)
    assert not any(record["bella"].reference in name for name in names)


def test_a_team_outside_her_scope_is_refused_and_nothing_saved(
    agency, team_manager, south, record
):
    from agencies.selectors import manager_scope

    with pytest.raises(services.EvidenceError):
        services.request_build(
            kind=Build.Kind.PACK,
            scope=manager_scope(team_manager),
            by=team_manager,
            teams=[south.pk],
        )
    assert not Build.objects.exists()


def test_a_ready_build_is_not_built_again_and_a_failed_one_is(
    django_capture_on_commit_callbacks, agency, manager, record, monkeypatch
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.CSV,
        scope=Scope(agency=agency),
        by=manager,
    )
    finished = build.finished_at
    assert services.run_build(build.pk) is False
    build.refresh_from_db()
    assert build.finished_at == finished

    def broken(*args, **kwargs):
        raise RuntimeError("storage unavailable")

    failing = Build.objects.create(
        kind=Build.Kind.CSV, agency=agency, built_by=manager, as_at=build.as_at
    )
    monkeypatch.setitem(services.BUILDERS, Build.Kind.CSV, broken)
    with pytest.raises(RuntimeError):
        services.run_build(failing.pk)
    failing.refresh_from_db()
    assert failing.status == Build.State.FAILED
    assert "storage" in failing.error
    monkeypatch.undo()
    assert services.run_build(failing.pk) is True
    failing.refresh_from_db()
    assert failing.status == Build.State.READY


def test_a_build_another_worker_holds_is_left_alone(agency, manager, record):
    build = Build.objects.create(
        kind=Build.Kind.CSV,
        agency=agency,
        built_by=manager,
        as_at=timezone.localdate(),
        status=Build.State.BUILDING,
    )
    assert services.run_build(build.pk) is False


def test_a_large_export_is_built_counted_audited_and_emailed(
    django_capture_on_commit_callbacks, agency, manager, record
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.XLSX,
        scope=Scope(agency=agency),
        by=manager,
    )
    assert build.filename.endswith(".xlsx")
    assert build.row_count == 6
    with build.file.open("rb") as stored:
        data = stored.read()
    assert hashlib.sha256(data).hexdigest() == build.manifest["files"][0]["sha256"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.LARGE_EXPORT_BUILT)
    assert event.details["format"] == "xlsx"
    assert event.details["rows"] == 6
    assert event.agency_id == agency.pk
    [email] = mail.outbox
    assert email.to == [manager.email]
    assert f"/evidence/builds/{build.pk}/" in email.body
    # Run again: no second email.
    assert services.send_ready_email(build.pk) is False


def test_file_names_are_safe_and_never_collide():
    name = packs.certificate_file_name(
        learner_name="Zoë  O'Neill/../x",
        course_title='Risk: "who" <and> why?',
        reference="KRS-ABCD",
    )
    assert not set('/:"<>?') & set(name)
    assert name == "O'Neill .. x Zoë – Risk who and why – KRS-ABCD.pdf"
    writer = packs.PackWriter(io.BytesIO(), when=timezone.now())
    assert writer.unique("a.pdf") == "a.pdf"
    assert writer.unique("A.pdf") == "A (2).pdf"
    assert writer.unique("a.pdf") == "a (3).pdf"
    long = packs.certificate_file_name(
        learner_name="A " * 200, course_title="B" * 300, reference="KRS-ABCD"
    )
    assert long.endswith(" – KRS-ABCD.pdf")
    assert len(long) <= packs.MAX_NAME + 4


def test_expired_files_are_swept_and_the_build_remains(
    django_capture_on_commit_callbacks, agency, manager, record
):
    build = built(
        django_capture_on_commit_callbacks,
        kind=Build.Kind.CERTIFICATES,
        scope=Scope(agency=agency),
        by=manager,
    )
    name, storage = build.file.name, build.file.storage
    assert services.sweep_expired() == 0
    Build.objects.filter(pk=build.pk).update(expires_at=timezone.now())
    assert services.sweep_expired() == 1
    build.refresh_from_db()
    assert not storage.exists(name)
    assert build.download_expired
    assert build.manifest_sha256
    assert services.sweep_expired() == 0


def test_a_build_whose_worker_was_lost_can_be_started_again(agency, manager, record):
    build = Build.objects.create(
        kind=Build.Kind.CSV,
        agency=agency,
        built_by=manager,
        as_at=timezone.localdate(),
        status=Build.State.BUILDING,
        started_at=timezone.now() - datetime.timedelta(hours=3),
    )
    assert build.looks_lost
    assert services.retry_build(build=build) is True
    build.refresh_from_db()
    assert build.status == Build.State.QUEUED
    assert services.run_build(build.pk) is True


def test_progress_never_passes_the_total(agency, manager):
    build = Build.objects.create(
        kind=Build.Kind.CSV,
        agency=agency,
        built_by=manager,
        as_at=timezone.localdate(),
        status=Build.State.BUILDING,
        progress_total=3,
    )
    progress = services._Progress(build)
    progress.step(services.PROGRESS_EVERY)
    build.refresh_from_db()
    assert build.progress_done == 3
