"""The evidence pack, in the browser, as the demo manager: she filters her
dashboard to one course, builds a pack, watches its progress bar reach the
download, downloads it, and every file's SHA-256 matches the manifest. Its
verification page shows each certificate valid; once one is revoked, the page
says so."""

import hashlib
import json
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from certificates import services as certificate_services
from certificates.models import Certificate
from courses.models import CoursePage
from evidence import services, tasks
from evidence.models import Build
from kairos_learning.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE = "Trauma-informed, women-centred practice in justice settings"


class HeldTask:
    """The build's task, held until the test lets it run: a worker would pick
    it up a moment later, and the page meanwhile shows its progress bar."""

    def __init__(self):
        self.held: list[int] = []

    def enqueue(self, build_id):
        self.held.append(build_id)


def test_manager_builds_downloads_and_verifies_an_evidence_pack(
    audited_page, live_server, settings, monkeypatch, tmp_path
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("seed_demo", stdout=None)
    held = HeldTask()
    monkeypatch.setattr(tasks, "build_evidence", held)
    course = CoursePage.objects.get(title=COURSE)
    a = audited_page
    page = a.page

    page.goto("/accounts/sign-in/?next=/agency/")
    a.audit()
    page.get_by_label("Email address").fill("manager@kairos.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff training")
    a.audit()

    # Her dashboard, filtered to one course; the pack starts from there.
    page.get_by_label("Course", exact=True).select_option(label=COURSE)
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"course={course.pk}"))
    a.audit()
    page.get_by_role("link", name="build an evidence pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack")
    expect(page.get_by_role("checkbox", name=COURSE)).to_be_checked()
    a.audit()
    page.get_by_role("button", name="Build the evidence pack").click()

    # Waiting for a worker: the progress bar, and a way to check by hand.
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack")
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    a.audit()
    build = Build.objects.get()
    assert held.held == [build.pk]
    assert build.filters["courses"] == [course.pk]

    # The worker builds it; the page's poller notices and offers the download.
    assert services.run_build(build.pk)
    download_link = page.get_by_role("link", name=re.compile(r"^Download "))
    expect(download_link).to_be_visible(timeout=30_000)
    a.audit()
    with page.expect_download() as info:
        download_link.click()
    path = tmp_path / "pack.zip"
    info.value.save_as(path)

    build.refresh_from_db()
    archive = zipfile.ZipFile(path)
    manifest_data = archive.read("manifest.json")
    assert hashlib.sha256(manifest_data).hexdigest() == build.manifest_sha256
    expect(page.get_by_text(build.manifest_sha256)).to_be_visible()
    manifest = json.loads(manifest_data)
    assert {entry["name"] for entry in manifest["files"]} | {"manifest.json"} == set(
        archive.namelist()
    )
    for entry in manifest["files"]:
        assert (
            hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"]
        )
    references = [entry["reference"] for entry in manifest["certificates"]]
    assert references, "the demo agency's pack holds no certificates"
    in_force = Certificate.objects.filter(
        course=course, revoked_at__isnull=True, user__membership__agency=build.agency
    )
    assert set(references) <= set(in_force.values_list("reference", flat=True))

    # Its verification page: every certificate valid today.
    page.get_by_role("link", name=services.verification_url(build)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence pack check")
    table = page.get_by_role("table", name=re.compile("certificates?:"))
    expect(table.get_by_text("Valid", exact=True)).to_have_count(len(references))
    a.audit()

    # A trainer revokes one: the same page now says so.
    revoked = Certificate.objects.get(reference=references[0])
    certificate_services.revoke(
        certificate=revoked,
        by=get_user_model().objects.get(email="trainer@kairos.test"),
        reason="Issued in error",
    )
    page.reload()
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=revoked.reference)
    )
    expect(row.get_by_text("Withdrawn")).to_be_visible()
    expect(table.get_by_text("Valid", exact=True)).to_have_count(len(references) - 1)
    a.audit()
