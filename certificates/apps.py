from django.apps import AppConfig

from courses.signals import course_completed


def issue_on_completion(sender, *, enrolment_id: int, **kwargs) -> None:
    """A course was completed (and committed): issue its certificate in the
    background."""
    # Not at the top: tasks import models, which cannot load before the app
    # registry is ready, and apps.py is read before that.
    from .tasks import issue_certificate

    issue_certificate.enqueue(enrolment_id)


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        course_completed.connect(
            issue_on_completion, dispatch_uid="certificates.issue_on_completion"
        )
