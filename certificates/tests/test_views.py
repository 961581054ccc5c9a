"""My certificates, downloads and public verification, for every kind of visitor."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificates import references, services
from certificates.models import Certificate
from courses.models import Enrolment
from courses.tests.factories import make_course

from .conftest import complete, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def download_url(certificate):
    return reverse("certificates:download", args=[certificate.pk])


# My certificates -----------------------------------------------------------


def test_a_learner_sees_her_certificates_with_their_status_and_a_download_link(
    client,
    certificate,
    catalogue,
    trainer,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    # More certificates, one of them reissued: the page's queries stay the same.
    for _number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            complete(certificate.user, make_course(catalogue=catalogue, lessons=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.reissue(certificate=certificate, by=trainer, reason="Name spelling")
    client.force_login(certificate.user)
    # 9, one for the header's support settings, and two for her CPD record
    # (her completions, and their certificates).
    # +1 with Welsh on: building the site's root paths (cached afterwards) also
    # reads the home page's translations.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("certificates:mine"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Responding to exploitation" in content
    assert certificate.reference in content
    assert "Valid" in content
    assert "withdrawn" in content
    assert "replaced by a new one" in content
    replacement = certificate.reissues.get()
    assert download_url(replacement) in content


def test_my_certificates_shows_only_her_own(client, certificate, other_learner):
    client.force_login(other_learner)
    response = client.get(reverse("certificates:mine"))
    assert certificate.reference not in response.content.decode()
    assert "You have no certificates yet" in response.content.decode()


def test_my_certificates_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("certificates:mine"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_certificate_expiring_within_60_days_says_so_and_offers_renewal(
    client, certificate
):
    # Completed eleven months ago, on a course renewed every twelve.
    completed = timezone.now() - datetime.timedelta(days=335)
    Enrolment.objects.filter(user=certificate.user).update(
        enrolled_at=completed, completed_at=completed
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        completed_at=completed,
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    client.force_login(certificate.user)
    content = client.get(reverse("certificates:mine")).content.decode()
    course_page = client.get(certificate.course.url).content.decode()
    my_learning = client.get(reverse("courses:my_learning")).content.decode()
    assert "expires soon" in content
    assert "Renew" in content
    assert "Start the course again to renew" in course_page
    assert "Expires soon" in my_learning


# Downloads -----------------------------------------------------------------


def test_a_learner_downloads_her_own_certificate(client, certificate):
    client.force_login(certificate.user)
    response = client.get(download_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert "Leah Morgan" in pdf_text(b"".join(response.streaming_content))


def test_guessing_another_persons_download_url_finds_nothing(
    client, certificate, other_learner
):
    client.force_login(other_learner)
    assert client.get(download_url(certificate)).status_code == 404
    missing = reverse("certificates:download", args=[certificate.pk + 1000])
    assert client.get(missing).status_code == 404


def test_a_visitor_must_sign_in_to_download(client, certificate):
    response = client.get(download_url(certificate))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["trainer", "admin_user"])
def test_trainers_and_admins_download_any_certificate(
    request, client, certificate, role
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(download_url(certificate)).status_code == 200


def test_a_revoked_certificate_can_no_longer_be_downloaded_by_its_learner(
    client, certificate, trainer
):
    services.revoke(certificate=certificate, by=trainer, reason="Issued in error")
    client.force_login(certificate.user)
    assert client.get(download_url(certificate)).status_code == 404
    content = client.get(reverse("certificates:mine")).content.decode()
    assert "Withdrawn" in content


def test_a_certificate_still_rendering_is_being_prepared_not_an_error(
    client, certificate
):
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    client.force_login(certificate.user)
    response = client.get(download_url(certificate))
    assert response.status_code == 202
    assert "being prepared" in response.content.decode()
    listing = client.get(reverse("certificates:mine")).content.decode()
    assert "being prepared" in listing
    assert download_url(certificate) not in listing


# Verification by link (the QR code) ------------------------------------------


def verify_url(certificate):
    return reverse("certificates:verify", kwargs={"token": certificate.token})


def test_the_qr_link_shows_a_valid_certificate_and_nothing_more(client, certificate):
    response = client.get(verify_url(certificate))
    content = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in content
    assert "Leah Morgan" in content
    assert "Responding to exploitation" in content
    assert f"{certificate.expires_on:%-d %B %Y}" in content
    assert certificate.user.email not in content
    assert "CPD" not in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in content


def test_the_qr_link_shows_an_expired_certificate_as_expired(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    content = client.get(verify_url(certificate)).content.decode()
    assert "This certificate has expired." in content


def test_the_qr_link_shows_a_revoked_certificate_as_withdrawn_without_the_reason(
    client, certificate, trainer
):
    services.revoke(certificate=certificate, by=trainer, reason="Private reason")
    content = client.get(verify_url(certificate)).content.decode()
    assert "This certificate has been withdrawn." in content
    assert "Private reason" not in content
    assert "Tara Singh" not in content


def test_an_unknown_link_says_so_clearly(client, certificate):
    response = client.get(
        reverse("certificates:verify", kwargs={"token": "not-a-real-token"})
    )
    assert response.status_code == 404
    assert "We could not find this certificate" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


# Verification by reference and surname ---------------------------------------


def lookup(client, reference, surname):
    return client.post(
        reverse("certificates:verify_reference"),
        {"reference": reference, "surname": surname},
    )


def test_the_public_form_is_open_to_anyone_and_not_indexed(client):
    response = client.get(reverse("certificates:verify_reference"))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_reference_and_surname_find_the_certificate(client, certificate):
    typed = certificate.reference.replace("-", " ").lower()
    content = lookup(client, typed, "morgan").content.decode()
    assert "This certificate is valid." in content
    assert "Leah Morgan" in content


def test_a_mistyped_reference_is_told_apart_from_an_unknown_one(client, certificate):
    compact = references.normalise(certificate.reference)
    swapped_char = next(c for c in references.ALPHABET if c != compact[3])
    typo = compact[:3] + swapped_char + compact[4:]
    mistyped = lookup(client, typo, "Morgan").content.decode()
    assert "This reference has a typing mistake" in mistyped
    assert "Leah Morgan" not in mistyped

    unknown = references.generate()
    while unknown == certificate.reference:
        unknown = references.generate()
    not_found = lookup(client, unknown, "Morgan").content.decode()
    assert "No certificate matches" in not_found


def test_the_wrong_surname_looks_exactly_like_an_unknown_reference(client, certificate):
    wrong = lookup(client, certificate.reference, "Smith").content.decode()
    assert "No certificate matches" in wrong
    assert "Leah" not in wrong
    assert "Responding to exploitation" not in wrong


def test_an_empty_form_names_each_missing_field(client):
    content = lookup(client, "", "").content.decode()
    assert "There is a problem" in content
    assert '<a href="#id_reference">Enter the reference printed on the certificate' in (
        content
    )
    assert '<a href="#id_surname">Enter the learner&#x27;s surname</a>' in content
    assert "This field is required" not in content


def test_verification_is_rate_limited_per_client(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 3
    for _ in range(3):
        assert lookup(client, certificate.reference, "Morgan").status_code == 200
    response = lookup(client, certificate.reference, "Morgan")
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert response["Retry-After"] == "600"
    assert client.get(verify_url(certificate)).status_code == 429
    # Another client is not held up.
    assert (
        client.get(verify_url(certificate), REMOTE_ADDR="203.0.113.9").status_code
        == 200
    )
