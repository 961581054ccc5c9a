"""The pages: a manager asks for a pack and downloads it; nobody else can see
her builds; the public verification page; large exports and certificate ZIPs
from the dashboard."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies.selectors import Scope
from audit.models import AuditEvent
from certificates import services as certificate_services
from evidence import services
from evidence.models import Build

from .conftest import in_days, manifest_of, open_zip

pytestmark = pytest.mark.django_db


def post_pack(client, django_capture_on_commit_callbacks, data=None, url=None):
    data = data if data is not None else {"as_at": timezone.localdate().isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url or reverse("evidence:new_pack"), data)


@pytest.fixture
def pack(django_capture_on_commit_callbacks, agency, manager, record):
    with django_capture_on_commit_callbacks(execute=True):
        build = services.request_build(
            kind=Build.Kind.PACK, scope=Scope(agency=agency), by=manager
        )
    build.refresh_from_db()
    return build


def test_a_manager_builds_a_pack_and_downloads_it(
    client, django_capture_on_commit_callbacks, manager, record
):
    client.force_login(manager)
    page = client.get(reverse("evidence:new_pack"))
    assert page.status_code == 200
    assert "Trauma-informed practice" in page.content.decode()
    # Today, ready in the date field (as the browser's date input reads it).
    assert f'value="{timezone.localdate().isoformat()}"' in page.content.decode()
    response = post_pack(
        client,
        django_capture_on_commit_callbacks,
        {
            "courses": [record["course"].pk],
            "as_at": timezone.localdate().isoformat(),
        },
    )
    build = Build.objects.get()
    assert response.url == reverse("evidence:build", kwargs={"pk": build.pk})
    page = client.get(response.url).content.decode()
    assert "Download" in page
    assert build.manifest_sha256 in page
    status = client.get(reverse("evidence:build_status", kwargs={"pk": build.pk}))
    assert status.json()["status"] == "ready"
    assert status.json()["percent"] == 100
    download = client.get(reverse("evidence:download", kwargs={"pk": build.pk}))
    assert download["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    manifest = manifest_of(archive)
    for entry in manifest["files"]:
        assert (
            hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"]
        )
    built = AuditEvent.objects.get(action=AuditEvent.Action.EVIDENCE_PACK_BUILT)
    assert built.details["filters"]["courses"] == [record["course"].pk]
    assert built.details["certificates"] == 2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EVIDENCE_PACK_DOWNLOADED, actor=manager
    ).exists()


def test_while_it_builds_the_page_shows_a_progress_bar_and_a_check_again_link(
    client, agency, manager, record
):
    build = Build.objects.create(
        kind=Build.Kind.PACK,
        agency=agency,
        agency_name=agency.name,
        built_by=manager,
        as_at=timezone.localdate(),
        status=Build.State.BUILDING,
        progress_done=3,
        progress_total=12,
    )
    client.force_login(manager)
    page = client.get(
        reverse("evidence:build", kwargs={"pk": build.pk})
    ).content.decode()
    assert '<progress max="100" value="25"' in page
    assert 'aria-live="polite"' in page
    assert "Check again" in page
    assert "evidence-progress.js" in page
    assert "<script>" not in page  # no inline script under the CSP
    status = client.get(
        reverse("evidence:build_status", kwargs={"pk": build.pk})
    ).json()
    assert status == {
        "status": "building",
        "label": "Being built",
        "percent": 25,
        "done": 3,
        "total": 12,
        "finished": False,
    }


@pytest.mark.parametrize("name", ["build", "build_status", "download", "retry"])
@pytest.mark.parametrize("who", ["other_manager", "learner", "anonymous"])
def test_nobody_else_finds_her_build(client, pack, name, who, other_manager, alice):
    if who == "other_manager":
        client.force_login(other_manager)
    elif who == "learner":
        client.force_login(alice.user)
    url = reverse(f"evidence:{name}", kwargs={"pk": pack.pk})
    response = client.post(url) if name == "retry" else client.get(url)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.EVIDENCE_PACK_DOWNLOADED
    ).exists()


def test_a_team_manager_does_not_see_the_whole_agencys_pack(client, pack, team_manager):
    client.force_login(team_manager)
    assert (
        client.get(reverse("evidence:build", kwargs={"pk": pack.pk})).status_code == 404
    )


def test_a_trainer_builds_for_any_agency(
    client, django_capture_on_commit_callbacks, trainer, agency, record
):
    client.force_login(trainer)
    assert (
        agency.name in client.get(reverse("evidence:trainer_agencies")).content.decode()
    )
    url = reverse("evidence:trainer_new_pack", kwargs={"agency_id": agency.pk})
    response = post_pack(client, django_capture_on_commit_callbacks, url=url)
    build = Build.objects.get()
    assert response.status_code == 302
    assert build.agency == agency
    assert build.certificate_count == 2
    assert (
        client.get(reverse("evidence:download", kwargs={"pk": build.pk})).status_code
        == 200
    )


def test_from_a_filtered_dashboard_its_course_and_team_come_ticked(
    client, manager, north, record
):
    client.force_login(manager)
    url = reverse("evidence:new_pack")
    page = client.get(f"{url}?course={record['course'].pk}&team={north.pk}")
    html = page.content.decode()
    assert f'value="{record["course"].pk}"' in html
    assert html.count("checked") == 2


def test_a_manager_cannot_use_the_trainers_page(client, manager, agency):
    client.force_login(manager)
    url = reverse("evidence:trainer_new_pack", kwargs={"agency_id": agency.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"as_at": ""}, "Enter the date the statuses should be worked out for"),
        ({"as_at": "2026-02-31"}, "Enter a real date, like 26 November 2026"),
        ({"as_at": "2099-01-01"}, "The date must be today or earlier"),
        ({"as_at": "1999-01-01"}, "The date must be 1 January 2020 or later"),
        ({"as_at": "", "courses": ["999999"]}, "Choose courses from the list"),
        ({"as_at": "", "teams": ["abc"]}, "Choose teams from the list"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_built(
    client, django_capture_on_commit_callbacks, manager, record, data, message
):
    client.force_login(manager)
    response = post_pack(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Build.objects.exists()


def test_a_team_from_another_agency_is_refused(
    client, django_capture_on_commit_callbacks, manager, record, other_agency
):
    from agencies.models import Team

    theirs = Team.objects.create(agency=other_agency, name="Theirs")
    client.force_login(manager)
    response = post_pack(
        client,
        django_capture_on_commit_callbacks,
        {"as_at": timezone.localdate().isoformat(), "teams": [theirs.pk]},
    )
    assert "Choose teams from the list" in response.content.decode()
    assert not Build.objects.exists()


def test_an_expired_download_says_so_and_its_verification_page_stays(
    client, pack, manager
):
    Build.objects.filter(pk=pack.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(manager)
    response = client.get(reverse("evidence:download", kwargs={"pk": pack.pk}))
    assert response.status_code == 410
    assert "This download has expired" in response.content.decode()
    page = client.get(
        reverse("evidence:build", kwargs={"pk": pack.pk})
    ).content.decode()
    assert "download has expired" in page
    call_command("sweep_evidence", stdout=io.StringIO())
    client.logout()
    verify = client.get(reverse("evidence:verify", kwargs={"token": pack.token}))
    assert verify.status_code == 200
    assert pack.manifest_sha256 in verify.content.decode()


def test_the_verification_page_shows_each_certificate_as_it_stands_today(
    client, pack, record, manager, django_assert_max_num_queries
):
    url = reverse("evidence:verify", kwargs={"token": pack.token})
    # The same few queries however many certificates: one to read them all
    # (+1 with Welsh on: the site's root paths, cached afterwards, also read the
    # home page's translations).
    with django_assert_max_num_queries(15):
        response = client.get(url)
    page = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert pack.manifest_sha256 in page
    assert "Maya Brooks" in page
    assert manager.email not in page
    assert "sha256sum" in page
    assert "Get-FileHash" in page
    for entry in pack.manifest["files"]:
        assert entry["sha256"] in page
    assert page.count("status--done") == 2
    certificate_services.revoke(
        certificate=record["bella"], by=manager, reason="Issued in error"
    )
    page = client.get(url).content.decode()
    assert page.count("status--done") == 1
    assert "Withdrawn" in page
    pack.refresh_from_db()
    assert pack.verified_count == 2
    # The audit log counts views, once a day, with no address or person.
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.EVIDENCE_PACK_VERIFIED)
    assert event.actor is None
    assert set(event.details) == {"views_so_far", "kind"}


def test_the_verification_page_names_nobody_whose_account_was_erased(
    client, pack, record, manager
):
    """Her name is on a certificate's file name in the pack; once her account
    is erased, the public page keeps the fingerprints but not her name."""
    from privacy import services as privacy

    bella = record["bella"]
    name = bella.learner_name
    url = reverse("evidence:verify", kwargs={"token": pack.token})
    assert name in client.get(url).content.decode()

    privacy.erase_account(bella.user, actor=manager, reason="Her request")

    page = client.get(url).content.decode()
    assert name not in page
    assert name.split()[-1] not in page  # nor her surname in a file name
    assert pack.built_by.full_name in page  # who built it, still named
    assert "Name removed: account erased" in page
    for entry in pack.manifest["files"]:
        assert entry["sha256"] in page  # every file can still be checked
    assert page.count("status--done") == 1


def test_the_verification_page_names_a_builder_whose_account_was_erased_as_erased(
    client, pack, manager
):
    from privacy import services as privacy

    url = reverse("evidence:verify", kwargs={"token": pack.token})
    assert manager.full_name in client.get(url).content.decode()
    privacy.erase_account(manager, reason="Her request")
    page = client.get(url).content.decode()
    assert manager.full_name not in page


def test_an_unknown_pack_is_not_found(client, db):
    response = client.get(reverse("evidence:verify", kwargs={"token": "nope"}))
    assert response.status_code == 404
    assert "We could not find this evidence pack" in response.content.decode()


def test_the_verification_page_is_rate_limited(client, pack, settings):
    settings.CERTIFICATE_VERIFY_RATE = 2
    url = reverse("evidence:verify", kwargs={"token": pack.token})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_download_certificates_from_the_dashboard_follows_its_filter(
    client, django_capture_on_commit_callbacks, manager, north, record
):
    client.force_login(manager)
    url = reverse("evidence:bulk_certificates") + f"?team={north.pk}"
    page = client.get(url)
    assert "1 person" in page.content.decode()
    assert not Build.objects.exists()  # nothing built on a GET
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evidence:bulk_certificates"), {"team": north.pk}
        )
    build = Build.objects.get()
    assert build.kind == Build.Kind.CERTIFICATES
    assert response.url == reverse("evidence:build", kwargs={"pk": build.pk})
    names = open_zip(build).namelist()
    reference = record["alice"].reference
    assert names == [
        f"certificates/Adams Alice – Trauma-informed practice – {reference}.pdf",
        "manifest.json",
    ]
    client.get(reverse("evidence:download", kwargs={"pk": build.pk}))
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CERTIFICATES_BULK_DOWNLOADED
    ).exists()


def test_a_large_export_is_built_in_the_background(
    client, django_capture_on_commit_callbacks, manager, record, settings
):
    settings.EXPORT_IMMEDIATE_MAX_PEOPLE = 2
    client.force_login(manager)
    response = client.get(reverse("agencies:export_csv") + "?status=overdue")
    assert response.status_code == 302
    assert (
        response.url
        == reverse("evidence:large_export", kwargs={"fmt": "csv"}) + "?status=overdue"
    )
    assert "3 people" in client.get(response.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(response.url, {"status": "overdue"})
    build = Build.objects.get()
    assert build.kind == Build.Kind.CSV
    assert build.row_count == 3
    body = b"".join(
        client.get(
            reverse("evidence:download", kwargs={"pk": build.pk})
        ).streaming_content
    ).decode()
    assert body.count(",Overdue,") == 3
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LARGE_EXPORT_DOWNLOADED
    ).exists()


def test_a_small_export_is_immediate_and_its_audit_counts_rows(client, manager, record):
    client.force_login(manager)
    response = client.get(reverse("agencies:export_xlsx"))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_EXPORTED)
    assert event.details["rows"] == 6
    assert event.details["people"] == 3
    assert event.details["format"] == "xlsx"


def test_an_unknown_export_format_is_not_found(client, manager, record):
    client.force_login(manager)
    url = reverse("evidence:large_export", kwargs={"fmt": "pdf"})
    assert client.get(url).status_code == 404


def test_the_command_builds_a_pack_to_a_file(agency, record, tmp_path):
    out = tmp_path / "pack.zip"
    stdout = io.StringIO()
    call_command(
        "build_evidence_pack",
        "--agency",
        str(agency.pk),
        "--course",
        str(record["course"].pk),
        "--as-at",
        timezone.localdate().isoformat(),
        "--out",
        str(out),
        stdout=stdout,
    )
    archive = zipfile.ZipFile(out)
    build = Build.objects.get()
    assert (
        hashlib.sha256(archive.read("manifest.json")).hexdigest()
        == build.manifest_sha256
    )
    assert build.manifest_sha256 in stdout.getvalue()
    assert len([n for n in archive.namelist() if n.startswith("certificates/")]) == 2


def test_the_command_refuses_a_bad_date(agency, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "build_evidence_pack",
            "--agency",
            str(agency.pk),
            "--as-at",
            "31/12/2026",
            "--out",
            str(tmp_path / "x.zip"),
        )
    assert not Build.objects.exists()


def test_the_pack_page_lists_recent_packs_in_bounded_queries(
    client, agency, manager, record, django_assert_max_num_queries
):
    for _ in range(12):
        Build.objects.create(
            kind=Build.Kind.PACK,
            agency=agency,
            agency_name=agency.name,
            built_by=manager,
            built_by_name="Maya Brooks",
            as_at=in_days(-1),
        )
    client.force_login(manager)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("evidence:new_pack")).content.decode()
    assert page.count("Pack as at") == 10


def test_a_former_manager_loses_access(client, pack, manager):
    from agencies.models import Membership

    Membership.objects.filter(user=manager).update(role=Membership.Role.LEARNER)
    client.force_login(manager)
    assert (
        client.get(reverse("evidence:build", kwargs={"pk": pack.pk})).status_code == 404
    )


def test_a_stranger_signed_in_gets_404(client, pack):
    client.force_login(UserFactory())
    assert (
        client.get(reverse("evidence:download", kwargs={"pk": pack.pk})).status_code
        == 404
    )


def test_a_team_manager_sees_her_own_pack_and_the_agency_manager_sees_it_too(
    client, django_capture_on_commit_callbacks, team_manager, manager, record
):
    client.force_login(team_manager)
    post_pack(client, django_capture_on_commit_callbacks)
    build = Build.objects.get()
    assert build.filters["scope_teams"] == [record["alice"].user.membership.team_id]
    url = reverse("evidence:build", kwargs={"pk": build.pk})
    assert client.get(url).status_code == 200
    client.force_login(manager)
    assert client.get(url).status_code == 200
