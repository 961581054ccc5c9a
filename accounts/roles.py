"""Roles: who is a trainer, who is a superuser, who can use an admin. Every
check of a role calls one of these functions, and every admin screen that
belongs to a role uses the matching permission policy (`trainers_policy`,
`superusers_policy`)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from wagtail.permission_policies.base import BasePermissionPolicy

TRAINERS_GROUP = "Trainers"


def is_trainer(user) -> bool:
    """Who may mark, see results and import questions: admin users who are
    superusers or in the Trainers group."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if user.is_superuser:
        return True
    # The admin menu asks once per item: remember the answer for this request.
    if not hasattr(user, "_is_trainer"):
        user._is_trainer = user.groups.filter(name=TRAINERS_GROUP).exists()
    return user._is_trainer


def admin_access_q(prefix: str = "") -> Q:
    """People who can use the Wagtail or Django admin: staff, superusers and
    anyone whose groups or own permissions include admin access."""
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    through_group = Exists(
        access.filter(group__user=OuterRef(f"{prefix}pk" if prefix else "pk"))
    )
    own = Exists(access.filter(user=OuterRef(f"{prefix}pk" if prefix else "pk")))
    return (
        Q(**{f"{prefix}is_staff": True})
        | Q(**{f"{prefix}is_superuser": True})
        | through_group
        | own
    )


def has_admin_access(user) -> bool:
    """Whether she can use an admin, asked of the database so that it holds for
    a deactivated account too (`has_perm` says no to anyone inactive)."""
    if user.is_staff or user.is_superuser:
        return True
    return get_user_model().objects.filter(pk=user.pk).filter(admin_access_q()).exists()


def is_superuser(user) -> bool:
    """Who may see the platform's own workings (background tasks): active
    superusers."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class RolePermissionPolicy(BasePermissionPolicy):
    """A Wagtail permission policy for screens that belong to a role rather
    than to model permissions: whoever the role admits may do every action,
    nobody else any. Admin views set it as their `permission_policy`, so that a
    refusal is Wagtail's own ("Sorry, you do not have permission"), never a page
    of our own."""

    def __init__(self, model, *, role: Callable, members: Callable[[], Q]):
        super().__init__(model)
        self.role = role
        self.members = members

    def user_has_permission(self, user, action):
        return self.role(user)

    def user_has_any_permission(self, user, actions):
        return self.role(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(self.members())
            .distinct()
        )


def _trainers_q() -> Q:
    return admin_access_q() & (Q(is_superuser=True) | Q(groups__name=TRAINERS_GROUP))


def trainers_policy(model) -> RolePermissionPolicy:
    """Trainers and superusers (`is_trainer`) may do everything with `model`."""
    return RolePermissionPolicy(model, role=is_trainer, members=_trainers_q)


def superusers_policy(model) -> RolePermissionPolicy:
    """Superusers (`is_superuser`) may do everything with `model`."""
    return RolePermissionPolicy(
        model, role=is_superuser, members=lambda: Q(is_superuser=True)
    )
