"""Writes for certificates: issue once per completion, render, revoke, reissue."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from audit import services as audit  # audit log (issue 6)
from core.languages import language_of
from courses.models import Completion, Enrolment

from . import selectors
from .models import Certificate, CertificateSettings

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A request that cannot be carried out; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def verification_url(certificate: Certificate) -> str:
    """The QR code's target: the certificate's own verification page, in the
    language the certificate was issued in (/cy/... for a Welsh one)."""
    with translation.override(certificate.language):
        return _absolute(
            reverse("certificates:verify", kwargs={"token": certificate.token})
        )


def lookup_url(language: str | None = None) -> str:
    """The public page where anyone checks a certificate by its reference, in
    a language (the one being read if none is given)."""
    with translation.override(language or translation.get_language()):
        return _absolute(reverse("certificates:verify_reference"))


def _in_force(**completion):
    return Certificate.objects.filter(revoked_at__isnull=True, **completion)


def issue_for_enrolment(enrolment_id: int) -> tuple[Certificate | None, bool]:
    """Issue the certificate for an enrolment's completion, exactly once.

    Returns (certificate, created); (None, False) if the enrolment is not complete.
    Calling it again, or twice at once, returns the one certificate: the database
    allows only one in force per completion.
    """
    enrolment = (
        Enrolment.objects.select_related("user", "course")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or enrolment.completed_at is None:
        return None, False
    completion = {
        "user": enrolment.user,
        "course": enrolment.course,
        "completed_at": enrolment.completed_at,
    }
    existing = _in_force(**completion).first()
    if existing:
        return existing, False
    english_title, welsh_title = selectors.course_titles_by_language(enrolment.course)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                **completion,
                completion=Completion.objects.filter(**completion).first(),
                learner_name=enrolment.user.full_name or enrolment.user.email,
                course_title=english_title,
                course_title_welsh=welsh_title,
                language=language_of(enrolment.user),
                cpd_hours=enrolment.course.cpd_hours,
                expires_on=enrolment.expires_on,
            )
    except IntegrityError:
        # Another worker issued it between our read and our insert.
        return _in_force(**completion).get(), False
    return certificate, True


def _design_site() -> Site | None:
    """Whose certificate design every certificate is printed with."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def certificate_design() -> CertificateSettings:
    return CertificateSettings.for_site(_design_site())


def sample_pdf() -> bytes:
    """The certificate design as saved, printed on a sample certificate
    (`selectors.sample_certificate`) exactly as a real one is rendered. Nothing
    is stored: no certificate, no file, and no design row is created. The QR
    code leads to the public lookup page, as the sample has no page of its own."""
    from . import rendering  # WeasyPrint loads only where PDFs are made.

    return rendering.render_pdf(
        selectors.sample_certificate(),
        design=selectors.design_as_saved(_design_site()),
        verify_url=lookup_url(),
    )


def render(certificate: Certificate, *, force: bool = False) -> Certificate:
    """Render and store the PDF, unless it is already stored (or force).

    Safe to run again at any time: a failure is recorded on the certificate for
    admins to see, and the sweep tries again later.
    """
    from . import rendering  # WeasyPrint loads only where PDFs are made.

    if certificate.pdf and not force:
        return certificate
    if settings.CERTIFICATE_RENDER_TEST_DELAY:
        time.sleep(settings.CERTIFICATE_RENDER_TEST_DELAY)
    try:
        content = rendering.render_pdf(
            certificate,
            design=certificate_design(),
            verify_url=verification_url(certificate),
        )
    except Exception as error:
        logger.exception("Certificate %s did not render", certificate.pk)
        Certificate.objects.filter(pk=certificate.pk).update(
            render_failed_at=timezone.now(), render_error=repr(error)[:2000]
        )
        raise
    old_name = certificate.pdf.name
    certificate.pdf.save(f"{certificate.token}.pdf", ContentFile(content), save=False)
    certificate.rendered_at = timezone.now()
    certificate.render_failed_at = None
    certificate.render_error = ""
    certificate.save(
        update_fields=["pdf", "rendered_at", "render_failed_at", "render_error"]
    )
    if old_name and old_name != certificate.pdf.name:
        certificate.pdf.storage.delete(old_name)
    return certificate


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason: it is kept with the certificate."))
    return reason


@transaction.atomic
def revoke(
    *, certificate: Certificate, by, reason: str, _audit: bool = True
) -> Certificate:
    """Withdraw a certificate. It is kept, marked revoked with why, when and who."""
    reason = _clean_reason(reason)
    updated = Certificate.objects.filter(
        pk=certificate.pk, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=by, revoked_reason=reason)
    if not updated:
        raise CertificateError(_("This certificate was already revoked."))
    certificate.refresh_from_db()
    if _audit:  # audit log (issue 6); a reissue records its own single event
        _audit_certificate(
            certificate,
            actor=by,
            action=audit.Action.CERTIFICATE_REVOKED,
            reason=reason,
        )
    return certificate


def _audit_certificate(certificate: Certificate, *, actor, action, **details) -> None:
    """Audit log (issue 6): one event for a certificate revoked or reissued."""
    audit.record(
        actor=actor,
        action=action,
        target=certificate,
        target_label=(
            f"Certificate {certificate.reference}: {certificate.learner_name}, "
            f"{certificate.course_title}"
        ),
        subject=certificate.user,
        details={"reference": certificate.reference, **details},
    )


@transaction.atomic
def reissue(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Replace a certificate (e.g. to correct a name): the old one is revoked with
    the reason, and a new one with a new reference is issued for the same
    completion, with the learner's name and the course title as they are now."""
    reason = _clean_reason(reason)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    was_in_force = certificate.revoked_at is None  # audit log (issue 6)
    if certificate.revoked_at is None:
        revoke(
            certificate=certificate, by=by, reason=f"Reissued: {reason}", _audit=False
        )
    user, course = certificate.user, certificate.course
    if course is not None:
        english_title, welsh_title = selectors.course_titles_by_language(course)
    else:
        english_title, welsh_title = (
            certificate.course_title,
            certificate.course_title_welsh,
        )
    if _in_force(
        user=user, course=course, completed_at=certificate.completed_at
    ).exists():
        raise CertificateError(
            _("A newer certificate for this completion is in force.")
        )
    replacement = Certificate.objects.create(
        user=user,
        course=course,
        completed_at=certificate.completed_at,
        completion_id=certificate.completion_id,
        learner_name=(user.full_name if user else "") or certificate.learner_name,
        course_title=english_title,
        course_title_welsh=welsh_title,
        language=certificate.language,
        cpd_hours=certificate.cpd_hours,
        expires_on=certificate.expires_on,
        reissue_of=certificate,
    )
    from .tasks import render_certificate

    transaction.on_commit(lambda: render_certificate.enqueue(replacement.pk))
    _audit_certificate(  # audit log (issue 6)
        certificate,
        actor=by,
        action=audit.Action.CERTIFICATE_REISSUED,
        reason=reason,
        replaced_by=replacement.reference,
        old_one_revoked_now=was_in_force,
    )
    return replacement
