"""Background work for agencies, through Django's tasks API. Every task can run
again safely: invitations are sent per invitation, reminders once a day, and the
emails about assignments once per change (agencies/notices.py)."""

import datetime

from django_tasks import task

from core.emails import send_once

from . import notices, reminders
from .models import Invitation


@task()
def send_invitation(invitation_id: int, version: str = "") -> bool:
    """Email an invitation still waiting to be accepted, once per sending:
    `version` names the sending (the link's expiry when it was sent or sent
    again), so running the task twice sends one email, and "Send again" sends
    another. True when this run sent it."""
    invitation = (
        Invitation.objects.select_related("agency", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    return send_once(
        kind="invitation",
        object_id=invitation.pk,
        version=version,
        to=invitation.email,
        subject=f"You are invited to Kairos Learning by {invitation.agency.name}",
        template="agencies/email/invitation",
        context={"invitation": invitation, "url": notices.invitation_url(invitation)},
    )


@task()
def send_reminders(day: str | None = None) -> dict:
    """The reminders due on `day` (ISO date; today when not given)."""
    today = datetime.date.fromisoformat(day) if day else None
    sent = reminders.send_reminders(today=today)
    return {"due_soon": sent.due_soon, "overdue": sent.overdue, "digests": sent.digests}


@task()
def send_course_assigned(requirement_ids: list[int]) -> int:
    """Email everyone a new assignment reached (a team's members in one task)."""
    return notices.course_assigned(requirement_ids)


@task()
def send_due_date_changed(changes: list[list], stamp: str) -> int:
    """Email everyone whose due date a change moved: [requirement id, ISO date]."""
    return notices.due_date_changed([tuple(pair) for pair in changes], stamp=stamp)


@task()
def send_more_time_agreed(extension_id: int) -> bool:
    return notices.more_time_agreed(extension_id)


@task()
def send_more_time_requested(extension_id: int) -> int:
    return notices.more_time_requested(extension_id)
