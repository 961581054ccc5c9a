"""Issuing, rendering, revoking, reissuing and renewing certificates."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from certificates import selectors, services
from certificates.models import Certificate
from courses import services as course_services
from courses.models import Enrolment

from .conftest import complete, pdf_text

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_one_certificate_with_copies_as_they_were(
    certificate, learner, yearly_course
):
    assert certificate.learner_name == "Leah Morgan"
    assert certificate.course_title == "Responding to exploitation"
    assert str(certificate.cpd_hours) == "2.5"
    completed_on = timezone.localdate(certificate.completed_at)
    assert certificate.expires_on == completed_on.replace(year=completed_on.year + 1)
    assert certificate.is_ready
    assert certificate.rendered_at
    assert len(certificate.token) >= 32  # 192 random bits, URL-safe

    # Later edits to the name or the course never rewrite the certificate.
    learner.full_name = "Leah Morgan-Price"
    learner.save()
    yearly_course.title = "Renamed course"
    yearly_course.save()
    certificate.refresh_from_db()
    assert certificate.learner_name == "Leah Morgan"
    assert certificate.course_title == "Responding to exploitation"


def test_issuing_again_for_the_same_completion_returns_the_same_certificate(
    certificate,
):
    enrolment = Enrolment.objects.get(user=certificate.user, course=certificate.course)
    again, created = services.issue_for_enrolment(enrolment.pk)
    assert (again, created) == (certificate, False)
    assert Certificate.objects.count() == 1


def test_the_database_refuses_a_second_certificate_in_force_for_a_completion(
    certificate,
):
    with pytest.raises(IntegrityError):
        Certificate.objects.create(
            user=certificate.user,
            course=certificate.course,
            completed_at=certificate.completed_at,
            learner_name="x",
            course_title="y",
            cpd_hours=1,
        )


def test_an_unfinished_enrolment_gets_no_certificate(learner, yearly_course):
    enrolment, _ = course_services.enrol(user=learner, course=yearly_course)
    assert services.issue_for_enrolment(enrolment.pk) == (None, False)
    assert not Certificate.objects.exists()


def test_a_course_without_validity_issues_a_certificate_that_never_expires(
    django_capture_on_commit_callbacks, learner, course
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, course)
    assert learner.certificates.get().expires_on is None


def test_revoking_needs_a_reason_and_records_who_and_when(certificate, trainer):
    with pytest.raises(services.CertificateError):
        services.revoke(certificate=certificate, by=trainer, reason="   ")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    services.revoke(certificate=certificate, by=trainer, reason="Issued in error")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == trainer
    assert certificate.revoked_reason == "Issued in error"
    assert Certificate.objects.filter(pk=certificate.pk).exists()  # never deleted
    with pytest.raises(services.CertificateError):
        services.revoke(certificate=certificate, by=trainer, reason="again")


def test_reissuing_revokes_the_old_one_and_issues_a_new_reference_with_the_new_name(
    django_capture_on_commit_callbacks, certificate, learner, trainer
):
    learner.full_name = "Leah Price"
    learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        replacement = services.reissue(
            certificate=certificate, by=trainer, reason="Name changed"
        )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Reissued: Name changed"
    assert replacement.reissue_of == certificate
    assert replacement.reference != certificate.reference
    assert replacement.learner_name == "Leah Price"
    assert replacement.completed_at == certificate.completed_at
    assert replacement.expires_on == certificate.expires_on
    replacement.refresh_from_db()
    assert "Leah Price" in pdf_text(replacement.pdf.read())


def test_a_failed_render_is_recorded_and_the_sweep_renders_it_later(
    django_capture_on_commit_callbacks, learner, yearly_course, settings
):
    settings.CERTIFICATE_RENDER_GRACE_MINUTES = 0
    with (
        mock.patch(
            "certificates.rendering.render_pdf", side_effect=OSError("disk full")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complete(learner, yearly_course)
    certificate = learner.certificates.get()
    assert not certificate.is_ready
    assert certificate.render_failed_at is not None
    assert "disk full" in certificate.render_error
    assert list(selectors.awaiting_render(older_than=datetime.timedelta(0))) == [
        certificate
    ]

    call_command("sweep_certificates", stdout=mock.Mock())
    certificate.refresh_from_db()
    assert certificate.is_ready
    assert certificate.render_error == ""
    assert certificate.render_failed_at is None


def test_the_sweep_issues_a_certificate_whose_issue_task_was_lost(
    learner, yearly_course, settings
):
    settings.CERTIFICATE_RENDER_GRACE_MINUTES = 0
    # No on-commit callbacks run: as if the worker died before issuing.
    complete(learner, yearly_course)
    assert not Certificate.objects.exists()
    call_command("sweep_certificates", stdout=mock.Mock())
    assert learner.certificates.get().is_ready
    call_command("sweep_certificates", stdout=mock.Mock())
    assert Certificate.objects.count() == 1


def test_rendering_again_replaces_the_stored_file(certificate):
    old_name = certificate.pdf.name
    storage = certificate.pdf.storage
    services.render(certificate, force=True)
    assert storage.exists(certificate.pdf.name)
    assert certificate.pdf.name != old_name  # a new file, never half-overwritten
    assert not storage.exists(old_name)


def _travel_to(day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_renewal_opens_60_days_before_expiry_and_renewing_issues_a_new_certificate(
    django_capture_on_commit_callbacks, certificate, learner, yearly_course
):
    expires_on = certificate.expires_on
    with _travel_to(expires_on - datetime.timedelta(days=61)):
        assert not certificate.expires_soon
        with pytest.raises(course_services.RenewalNotOpen):
            course_services.restart_course(user=learner, course=yearly_course)

    with _travel_to(expires_on - datetime.timedelta(days=60)):
        assert certificate.expires_soon

    with _travel_to(expires_on + datetime.timedelta(days=1)):
        assert certificate.status == Certificate.Status.EXPIRED
        enrolment = course_services.restart_course(user=learner, course=yearly_course)
        assert enrolment.completed_at is None
        assert not learner.step_progress.exists()
        with django_capture_on_commit_callbacks(execute=True):
            complete(learner, yearly_course)

        certificates = list(selectors.learner_certificates(user=learner))
        assert len(certificates) == 2
        renewed, old = certificates
        assert old == certificate
        assert old.status == Certificate.Status.EXPIRED
        assert renewed.status == Certificate.Status.VALID
    assert renewed.completed_at > old.completed_at
    assert renewed.expires_on > old.expires_on
    assert renewed.reference != old.reference


@pytest.mark.parametrize(
    ("completed", "months", "expected"),
    [
        (datetime.date(2026, 11, 26), 12, datetime.date(2027, 11, 26)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2026, 2, 15)),
    ],
)
def test_expiry_is_the_same_day_months_later(completed, months, expected):
    from courses.rules import expiry_date

    assert expiry_date(completed_on=completed, validity_months=months) == expected


@pytest.mark.parametrize(
    ("name", "typed", "matches"),
    [
        ("Leah Morgan", "morgan", True),
        ("Leah Morgan", " MORGAN ", True),
        ("Siobhán Ní Bhriain", "ni bhriain", True),
        ("Aoife O’Neill", "O'Neill", True),
        ("Anna van der Berg", "van der Berg", True),
        ("Leah Morgan", "Morga", False),
        ("Leah Morgan", "Leah", False),
        ("Leah Morgan", "", False),
    ],
)
def test_surname_matching_ignores_case_accents_and_apostrophes(name, typed, matches):
    assert selectors.surname_matches(learner_name=name, typed=typed) is matches


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (None, "valid"),
        (90, "valid"),
        (60, "expiring"),
        (0, "expiring"),
        (-1, "expired"),
    ],
)
def test_the_admin_status_filter_agrees_with_each_certificates_status(
    certificate, days_left, expected
):
    expires_on = (
        None
        if days_left is None
        else timezone.localdate() + datetime.timedelta(days=days_left)
    )
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires_on)
    certificate.refresh_from_db()
    found = {
        status
        for status in ("valid", "expiring", "expired", "revoked")
        if selectors.with_status(Certificate.objects.all(), status).exists()
    }
    model_says = {"valid"} if certificate.status == "valid" else {certificate.status}
    if certificate.expires_soon:
        model_says.add("expiring")
    assert found == model_says
    assert expected in found
