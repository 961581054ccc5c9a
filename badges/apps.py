from django.apps import AppConfig

from certificates.signals import certificate_issued


def issue_credential(sender, *, certificate, **kwargs) -> None:
    """A certificate was issued (or a reissue rendered): sign its credential in
    the same background task. It is sent with send_robust, so a failure never
    stops the certificate: Django logs it, and `manage.py issue_credentials`
    (a step of the daily run) catches up."""
    from .services import issue_for_certificate

    issue_for_certificate(certificate)


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Open Badges"

    def ready(self):
        from . import checks  # noqa: F401  (registers the signing-key check)

        certificate_issued.connect(
            issue_credential, dispatch_uid="badges.issue_credential"
        )
