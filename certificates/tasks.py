"""Background work for certificates, through Django's tasks API.

The database backend never retries a failed task, so both tasks are idempotent
and `manage.py sweep_certificates` enqueues again whatever did not finish.
"""

from django_tasks import task

from . import notices, services, signals
from .models import Certificate


@task()
def issue_certificate(enrolment_id: int) -> int | None:
    """Issue (once) and render the certificate for a completed enrolment, then
    tell her (once), whether or not the PDF rendered: her link shows "being
    prepared" until it has."""
    certificate, _ = services.issue_for_enrolment(enrolment_id)
    if certificate is None:
        return None
    signals.certificate_issued.send_robust(Certificate, certificate=certificate)
    try:
        services.render(certificate)
    finally:
        send_course_completed.enqueue(certificate.pk)
    return certificate.pk


@task()
def send_course_completed(certificate_id: int) -> bool:
    """The "you have completed it" email, with her certificate's link."""
    return notices.course_completed(certificate_id)


@task()
def render_certificate(certificate_id: int, force: bool = False) -> None:
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        signals.certificate_issued.send_robust(Certificate, certificate=certificate)
        services.render(certificate, force=force)
