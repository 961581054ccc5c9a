"""Open invitations and more-time requests, within a manager's scope."""

from __future__ import annotations

from quizzes.models import TimeAdjustment

from ..models import ExtensionRequest, Invitation
from .scope import Scope


def open_extension_requests(scope: Scope) -> list[ExtensionRequest]:
    """Requests for more time from people in her scope, oldest first. Most
    days there are none: a query that plans quickly says so, and only when
    there are some are they read with their people and courses."""
    ids = list(
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING,
            requirement__in=scope.requirements(),
        ).values_list("pk", flat=True)
    )
    if not ids:
        return []
    return list(
        ExtensionRequest.objects.filter(pk__in=ids)
        .select_related("requirement__user", "requirement__course")
        .order_by("created_at")
    )


def latest_extension_requests(*, user) -> dict:
    """{requirement id: her latest request} for "Assigned to you"."""
    latest = {}
    for extension in ExtensionRequest.objects.filter(requirement__user=user).order_by(
        "created_at"
    ):
        latest[extension.requirement_id] = extension
    return latest


def open_quiz_time_requests(scope: Scope):
    """Requests for more time on timed quizzes from people in her scope, oldest
    first, each with the person's membership (for the link to her page)."""
    return (
        TimeAdjustment.objects.filter(
            requested_at__isnull=False, user__membership__in=scope.memberships()
        )
        .select_related("user__membership")
        .order_by("requested_at")
    )


def quiz_time_requests_without_agency():
    """Requests for more time from people in no agency: Kairos answers them."""
    return (
        TimeAdjustment.objects.filter(
            requested_at__isnull=False, user__membership__isnull=True
        )
        .select_related("user")
        .order_by("requested_at")
    )


def open_invitations(scope: Scope, *, limit: int = 100):
    """Invitations within her scope not yet accepted nor cancelled, newest
    first (expired ones too: she may send them again)."""
    return (
        scope.invitations()
        .filter(accepted_at__isnull=True, cancelled_at__isnull=True)
        .select_related("team")[:limit]
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation an emailed link names, used or not, or None."""
    return (
        Invitation.objects.select_related("agency", "team").filter(token=token).first()
    )
