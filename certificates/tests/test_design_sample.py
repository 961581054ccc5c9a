"""The certificate design's sample: the saved design printed on a certificate
made out to "Sample Learner", for whoever may edit the design, never stored."""

import io

import pypdfium2
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.models import Agency, Membership
from certificates.models import Certificate, CertificateSettings
from courses.tests.factories import make_course

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

SAMPLE_URL = "/admin/certificates/design-sample.pdf"


def settings_url(site) -> str:
    return f"/admin/settings/certificates/certificatesettings/{site.pk}/"


def accent_pixels(data: bytes, colour: str) -> int:
    """How many pixels of the rendered page are (nearly) this colour."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    image = pypdfium2.PdfDocument(io.BytesIO(data))[0].render(scale=1).to_pil()
    return sum(
        count
        for count, pixel in image.convert("RGB").getcolors(1_000_000)
        if all(abs(a - b) <= 8 for a, b in zip(pixel, target, strict=True))
    )


def test_the_url_is_the_viewsets():
    assert reverse("certificates_admin:design_sample") == SAMPLE_URL


def test_a_trainer_sees_the_sample_with_a_real_course_and_nothing_is_stored(
    trainer_client, catalogue
):
    make_course(catalogue=catalogue, title="Responding to exploitation", lessons=1)

    response = trainer_client.get(SAMPLE_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown on the design page
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Sample Learner" in text
    assert "Responding to exploitation" in text
    assert "SAMPLE" in text
    assert Certificate.objects.count() == 0
    assert CertificateSettings.objects.count() == 0  # not even a design row


def test_the_sample_has_a_placeholder_course_when_none_is_published(trainer_client):
    response = trainer_client.get(SAMPLE_URL)

    assert "Title of the course" in pdf_text(response.content)


def test_the_sample_follows_the_saved_design(trainer_client, home):
    site = home.get_site()
    before = trainer_client.get(SAMPLE_URL).content
    assert accent_pixels(before, "#5b2a86") > 1000

    saved = trainer_client.post(
        settings_url(site),
        {
            "signatory_name": "Jo Ansell",
            "signatory_role": "Head of training",
            "accent_colour": "#0a6e4f",
            "footer_text": "A changed footer",
            "languages": "learner",
        },
    )
    assert saved.status_code == 302
    after = trainer_client.get(SAMPLE_URL).content

    text = pdf_text(after)
    assert "Jo Ansell" in text
    assert "Head of training" in text
    assert "A changed footer" in text
    assert accent_pixels(after, "#0a6e4f") > 1000
    assert accent_pixels(after, "#5b2a86") == 0


def test_the_design_page_shows_the_sample(trainer_client, home):
    response = trainer_client.get(settings_url(home.get_site()))

    content = response.content.decode()
    assert response.status_code == 200
    assert "See a sample certificate" in content
    assert f'<iframe class="certificate-sample" src="{SAMPLE_URL}"' in content


def test_a_learner_or_manager_gets_no_sample(client, learner):
    agency = Agency.objects.create(name="Coventry Probation")
    manager = UserFactory(email="maya@example.org")
    Membership.objects.create(user=manager, agency=agency, role=Membership.Role.MANAGER)
    for user in (learner, manager):
        client.force_login(user)

        response = client.get(SAMPLE_URL)

        assert response.status_code == 302  # to the admin's sign-in page
        assert response["Location"].startswith("/admin/login/")


def test_admin_access_without_the_design_permission_is_refused(client):
    editor = UserFactory(email="ed@example.org")
    editor.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(editor)

    response = client.get(SAMPLE_URL)

    # Wagtail's "you do not have permission" redirect to the admin's home.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_sample_is_read_only(trainer_client):
    assert trainer_client.post(SAMPLE_URL).status_code == 405
