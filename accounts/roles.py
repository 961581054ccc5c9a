"""Roles: who is a trainer, who can use an admin. Every check of a role calls
one of these functions."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

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
