from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Certificate
from .viewsets import CertificatePermissionPolicy, CertificateViewSet

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates_admin", url_prefix="certificates")
