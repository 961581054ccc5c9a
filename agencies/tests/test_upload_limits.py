"""Upload size and type limits: the CSV invitation upload and Wagtail media."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from agencies import services
from agencies.models import Invitation
from agencies.selectors import Scope

pytestmark = pytest.mark.django_db

GOOD_CSV = b"full_name,email\nJo Patel,jo@example.org\n"


def upload(client, name, content, content_type="text/csv"):
    return client.post(
        reverse("agencies:upload"),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_small_csv_is_accepted(client, manager):
    client.force_login(manager)

    response = upload(client, "Staff.CSV", GOOD_CSV, "application/vnd.ms-excel")

    assert response.status_code == 200
    assert Invitation.objects.filter(email="jo@example.org").exists()


def test_a_csv_over_1_mb_is_refused_and_nothing_is_saved(client, manager):
    client.force_login(manager)
    padding = b"".join(
        b"Person %d,person%d@example.org\n" % (n, n) for n in range(40_000)
    )
    assert len(GOOD_CSV + padding) > 1024 * 1024

    response = upload(client, "staff.csv", GOOD_CSV + padding)

    assert response.status_code == 400
    assert "The file is larger than 1 MB" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("staff.xlsx", b"PK\x03\x04 not a csv"),
        ("staff.exe", b"MZ\x90\x00"),
        ("staff.html", b"<script>alert(1)</script>"),
        ("staff", GOOD_CSV),
    ],
)
def test_a_file_that_is_not_csv_is_refused(client, manager, name, content):
    client.force_login(manager)

    response = upload(client, name, content, "application/octet-stream")

    assert response.status_code == 400
    assert "Choose a CSV file" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_binary_file_named_csv_is_refused(client, manager):
    client.force_login(manager)
    utf16 = "full_name,email\nJo Patel,jo@example.org\n".encode("utf-16")

    response = upload(client, "staff.csv", utf16)

    assert response.status_code == 400
    assert "This file is not plain text" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_learner_cannot_upload(client, learner):
    client.force_login(learner)

    response = upload(client, "staff.csv", GOOD_CSV)

    assert response.status_code == 404
    assert not Invitation.objects.exists()


# --- Wagtail documents and images (WAGTAILDOCS_*, WAGTAILIMAGES_* settings) ---


def add_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Handout",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_pdf_document_is_accepted(admin_client):
    response = add_document(admin_client, "handout.pdf", b"%PDF-1.4 small")

    assert response.status_code == 302
    assert get_document_model().objects.count() == 1


@pytest.mark.parametrize("name", ["handout.exe", "handout.html", "handout.svg"])
def test_a_document_of_a_dangerous_type_is_refused(admin_client, name):
    response = add_document(admin_client, name, b"<html><script></script></html>")

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "is not allowed" in errors
    assert not get_document_model().objects.exists()


def test_an_oversized_document_is_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024

    response = add_document(admin_client, "handout.pdf", b"%PDF-1.4" + b"x" * 2048)

    assert response.status_code == 200
    assert "This file is too big" in " ".join(response.context["form"].errors["file"])
    assert not get_document_model().objects.exists()


def test_the_configured_limits_are_ten_megabytes_and_safe_types(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert not {"html", "htm", "svg", "exe", "js"} & set(
        settings.WAGTAILDOCS_EXTENSIONS
    )
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_an_image_of_a_type_not_allowed_is_refused(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Logo",
            "file": SimpleUploadedFile("logo.svg", b"<svg></svg>"),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 200
    assert "Not a supported image format" in " ".join(
        response.context["form"].errors["file"]
    )
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("offset", [0, 4096, 4097, 100_000])
def test_a_nul_after_the_first_bytes_is_refused_and_nothing_stored(
    client, manager, offset
):
    """The whole file is read: a NUL past the first 4,096 bytes used to be
    stored in a name."""
    client.force_login(manager)
    line = b"Jo Patel,jo@example.org\n"
    padding = b"full_name,email\n" + line * (offset // len(line) + 1)
    data = padding + b"Ro\0sa Khan,rosa@example.org\n"
    response = client.post(
        reverse("agencies:upload"),
        {"file": SimpleUploadedFile("staff.csv", data)},
    )
    assert "This file is not plain text" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_import_service_refuses_a_nul_too(agency, manager):
    rows = b"Jo,jo@example.org\n" * 400
    data = b"full_name,email\n" + rows + b"Ro\0sa,r@example.org\n"
    with pytest.raises(services.AgencyError):
        services.import_invitations(scope=Scope(agency=agency), by=manager, data=data)
    assert not Invitation.objects.exists()


def test_one_invitation_with_a_nul_in_the_name_is_refused(agency, manager):
    with pytest.raises(services.AgencyError, match="NUL"):
        services.invite(
            scope=Scope(agency=agency),
            by=manager,
            email="rosa@example.org",
            full_name="Ro\0sa Khan",
            team=None,
        )
    assert not Invitation.objects.exists()
