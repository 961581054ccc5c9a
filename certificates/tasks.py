"""Background work for certificates, through Django's tasks API.

The database backend never retries a failed task, so both tasks are idempotent
and `manage.py sweep_certificates` enqueues again whatever did not finish.
"""

from django_tasks import task

from . import services
from .models import Certificate


@task()
def issue_certificate(enrolment_id: int) -> int | None:
    """Issue (once) and render the certificate for a completed enrolment."""
    certificate, _ = services.issue_for_enrolment(enrolment_id)
    if certificate is None:
        return None
    services.render(certificate)
    return certificate.pk


@task()
def render_certificate(certificate_id: int, force: bool = False) -> None:
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        services.render(certificate, force=force)
