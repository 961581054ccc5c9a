"""Background work for agencies, through Django's tasks API. Every task can run
again safely: invitations are sent per invitation, reminders once a day, and the
emails about assignments once per change (agencies/notices.py)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.emails import send_once
from core.languages import language_of, supported

from . import notices, reminders
from .models import Invitation


def _invitation_language(invitation, language: str) -> str:
    """Hers if the invited address has an account; otherwise the language the
    manager was using when she invited (`language`)."""
    account = (
        get_user_model()
        .objects.filter(email__iexact=invitation.email)
        .only("preferred_language")
        .first()
    )
    return language_of(account) if account is not None else supported(language)


@task()
def send_invitation(invitation_id: int, version: str = "", language: str = "") -> bool:
    """Email an invitation still waiting to be accepted, once per sending:
    `version` names the sending (the link's expiry when it was sent or sent
    again), so running the task twice sends one email, and "Send again" sends
    another. True when this run sent it. Written in the invited person's
    language if she has an account, else in `language`, the inviting
    manager's."""
    invitation = (
        Invitation.objects.select_related("agency", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    with translation.override(_invitation_language(invitation, language)):
        return send_once(
            kind="invitation",
            object_id=invitation.pk,
            version=version,
            to=invitation.email,
            subject=_("You are invited to Kairos Learning by %(agency)s")
            % {"agency": invitation.agency.name},
            template="agencies/email/invitation",
            context={
                "invitation": invitation,
                "url": notices.invitation_url(invitation),
            },
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
