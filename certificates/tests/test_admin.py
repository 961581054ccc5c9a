"""Certificates in the Wagtail admin: find, inspect, revoke, reissue, re-render."""

import pytest
from django.urls import NoReverseMatch, reverse

from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"certificates_admin:{name}", args=args)


@pytest.mark.parametrize("role", ["trainer", "admin_user"])
def test_trainers_and_admins_find_certificates_by_reference_or_name(
    request, client, certificate, role, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(30):
        response = client.get(admin_url("index"), {"q": "morgan"})
    assert response.status_code == 200
    assert certificate.reference in response.content.decode()
    response = client.get(admin_url("index"), {"q": certificate.reference})
    assert certificate.reference in response.content.decode()
    response = client.get(admin_url("index"), {"status": "revoked"})
    assert certificate.reference not in response.content.decode()


def test_the_inspect_page_shows_the_record_and_the_actions(
    client, trainer, certificate
):
    client.force_login(trainer)
    content = client.get(admin_url("inspect", certificate.pk)).content.decode()
    assert certificate.learner_name in content
    assert admin_url("revoke", certificate.pk) in content
    assert admin_url("reissue", certificate.pk) in content
    assert reverse("certificates:download", args=[certificate.pk]) in content


def test_learners_cannot_reach_the_certificate_admin(client, learner, certificate):
    client.force_login(learner)
    for url in (
        admin_url("index"),
        admin_url("inspect", certificate.pk),
        admin_url("revoke", certificate.pk),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert certificate.reference not in response.content.decode()


def test_certificates_cannot_be_added_edited_or_deleted_in_the_admin():
    for name, args in (("add", ()), ("edit", (1,)), ("delete", (1,))):
        with pytest.raises(NoReverseMatch):
            admin_url(name, *args)


def test_revoking_in_the_admin_needs_a_reason_and_records_who(
    client, trainer, certificate
):
    client.force_login(trainer)
    response = client.post(admin_url("revoke", certificate.pk), {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    response = client.post(
        admin_url("revoke", certificate.pk), {"reason": "Completed by someone else"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == trainer
    assert certificate.revoked_reason == "Completed by someone else"


def test_reissuing_in_the_admin_goes_to_the_new_certificate(
    client, trainer, certificate, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("reissue", certificate.pk), {"reason": "Name corrected"}
        )
    replacement = Certificate.objects.get(reissue_of=certificate)
    assert response.url == admin_url("inspect", replacement.pk)
    assert replacement.is_ready


def test_rendering_again_from_the_admin(client, trainer, certificate):
    client.force_login(trainer)
    first = certificate.rendered_at
    response = client.post(admin_url("render", certificate.pk))
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.rendered_at > first
    assert client.get(admin_url("render", certificate.pk)).status_code == 405


def test_trainers_edit_the_certificate_design_in_settings(client, trainer, home):
    client.force_login(trainer)
    url = reverse("wagtailsettings:edit", args=["certificates", "certificatesettings"])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "Signed by" in response.content.decode()
