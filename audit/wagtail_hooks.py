"""The audit log under Reports in the Wagtail admin, for superusers and anyone
given "Can view audit event"."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AuditEvent
from .viewsets import AuditEventViewSet, AuditPermissionPolicy

register_permission_policy(AuditEvent, AuditPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("audit_admin", url_prefix="audit-log")
