"""Writes for privacy: erasing an account, and the retention of inactive ones.

The policy these carry out is written for people in docs/privacy.md; change
the two together.
"""

from __future__ import annotations

import datetime
import json
import logging
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.models import EditingSession
from wagtail.models import ModelLogEntry, PageSubscription
from wagtail.users.models import UserProfile

from accounts import roles
from accounts.models import EmailOptOut
from agencies.models import (
    Assignment,
    ExtensionRequest,
    Invitation,
    Membership,
    ReminderLog,
    Requirement,
)
from audit import services as audit_services
from badges import services as badges_services
from certificates.models import Certificate
from core import languages
from courses.models import BreakPoint, Completion, Enrolment, StepProgress
from quizzes.models import Attempt, Response, TimeAdjustment
from reflections.models import CheckIn, Draft, Reflection

from . import selectors
from .models import RetentionNotice

logger = logging.getLogger(__name__)

User = get_user_model()

CERTIFICATE_WITHDRAWN_REASON = "Account erased"
SELF_SERVICE_REASON = "She asked for her account to be erased."


class ErasureRefused(Exception):
    """An account this service must not erase; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Erasure:
    """What an erasure did. `already_erased` when there was nothing left to do."""

    user_id: int
    already_erased: bool = False
    # She signed in after the cut-off the caller gave: nothing was done.
    signed_in_since: bool = False
    deleted: dict[str, int] = field(default_factory=dict)
    certificates_withdrawn: int = 0
    audit_events_anonymised: int = 0
    admin_history_anonymised: int = 0


def _deletions(user, email: str):
    """Everything of hers that is deleted, in an order the foreign keys allow:
    (label, queryset). Deleting a queryset also deletes rows that cascade from
    it (answers with their attempt, more-time requests with their course)."""
    by_email = Q(username__iexact=email)
    return [
        ("private reflections", Reflection.objects.filter(user=user)),
        ("check-ins", CheckIn.objects.filter(user=user)),
        ("unsaved drafts", Draft.objects.filter(user=user)),
        ("break points", BreakPoint.objects.filter(user=user)),
        ("course steps finished", StepProgress.objects.filter(user=user)),
        ("quiz answers", Response.objects.filter(attempt__user=user)),
        ("quiz attempts", Attempt.objects.filter(user=user)),
        ("more time on timed quizzes", TimeAdjustment.objects.filter(user=user)),
        ("reminders", ReminderLog.objects.filter(user=user)),
        (
            "more-time requests",
            ExtensionRequest.objects.filter(requirement__user=user),
        ),
        ("assigned courses", Requirement.objects.filter(user=user)),
        ("courses assigned by name", Assignment.objects.filter(user=user)),
        ("completed courses", Completion.objects.filter(user=user)),
        ("enrolments", Enrolment.objects.filter(user=user)),
        ("agency membership", Membership.objects.filter(user=user)),
        (
            "invitations",
            Invitation.objects.filter(Q(email__iexact=email) | Q(accepted_by=user)),
        ),
        ("inactive-account warnings", RetentionNotice.objects.filter(user=user)),
        ("email choices", EmailOptOut.objects.filter(user=user)),
        ("sign-in records", AccessLog.objects.filter(by_email)),
        ("failed sign-ins", AccessAttempt.objects.filter(by_email)),
        ("failed sign-in log", AccessFailureLog.objects.filter(by_email)),
        ("admin preferences", UserProfile.objects.filter(user=user)),
        ("editing sessions", EditingSession.objects.filter(user=user)),
        ("page subscriptions", PageSubscription.objects.filter(user=user)),
        ("two-factor devices", TOTPDevice.objects.filter(user=user)),
        ("two-factor backup codes", StaticDevice.objects.filter(user=user)),
    ]


def _withdraw_certificates(user, *, actor) -> tuple[int, list[str]]:
    """Revoke her certificates in force and blank the name copied onto every
    one of hers. Returns how many were withdrawn and the PDF files to delete."""
    certificates = Certificate.objects.filter(user=user)
    pdfs = [name for name in certificates.values_list("pdf", flat=True) if name]
    now = timezone.now()
    withdrawn = certificates.filter(revoked_at__isnull=True).update(
        revoked_at=now,
        revoked_by=actor,
        revoked_reason=CERTIFICATE_WITHDRAWN_REASON,
    )
    certificates.update(learner_name="", pdf="", rendered_at=None)
    return withdrawn, pdfs


def _delete_files_after_commit(names: list[str]) -> None:
    def delete():
        storage = Certificate._meta.get_field("pdf").storage
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # A file left behind must not undo the erasure.
                logger.exception("Could not delete certificate file %s", name)

    if names:
        transaction.on_commit(delete)


def _forget_admin_history(user, *, memberships: dict[int, str], names) -> int:
    """Take her name out of Wagtail's own history (Reports > Site history):
    the rows an admin's edits of her user or her membership wrote. Each keeps
    what was done and when, labelled "Erased learner" ("Erased learner in
    <agency>" for her membership); any extra data naming her is blanked.
    Returns how many rows changed."""
    user_type = ContentType.objects.get_for_model(User, for_concrete_model=False)
    membership_type = ContentType.objects.get_for_model(
        Membership, for_concrete_model=False
    )
    labels = {(user_type.pk, str(user.pk)): selectors.ERASED_NAME}
    for membership_id, agency_name in memberships.items():
        labels[(membership_type.pk, str(membership_id))] = (
            f"{selectors.ERASED_NAME} in {agency_name}"
        )
    rows = ModelLogEntry.objects.filter(
        Q(content_type=user_type, object_id=str(user.pk))
        | Q(content_type=membership_type, object_id__in=[str(m) for m in memberships])
    ).only("pk", "content_type_id", "object_id", "label", "data")
    names = [name.casefold() for name in names if name]
    changed = []
    for row in rows:
        row.label = labels[(row.content_type_id, row.object_id)]
        text = json.dumps(
            row.data, cls=DjangoJSONEncoder, ensure_ascii=False
        ).casefold()
        if row.data and any(name in text for name in names):
            row.data = {}
        changed.append(row)
    ModelLogEntry.objects.bulk_update(changed, ["label", "data"])
    return len(changed)


def erase_account(
    user,
    *,
    reason: str,
    actor=None,
    inactive_before: datetime.datetime | None = None,
) -> Erasure:
    """Erase a learner's account, as docs/privacy.md describes.

    One transaction: either all of it happens or none of it. Running it again
    on an erased account does nothing. People with admin access (staff,
    superusers, trainers) are refused: another admin removes their access first.

    `inactive_before` is for the retention run: if, read under the lock, she
    signed in (or, never having signed in, joined) at or after that moment,
    nothing is done and the result says `signed_in_since`.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if selectors.is_erased(user):
            return Erasure(user_id=user.pk, already_erased=True)
        if roles.has_admin_access(user):
            raise ErasureRefused(
                gettext(
                    "Accounts with access to the admin (trainers, staff and "
                    "administrators) cannot be erased here. Ask another "
                    "administrator to remove your admin access first."
                )
            )
        if inactive_before is not None and selectors.last_seen(user) >= (
            inactive_before
        ):
            return Erasure(user_id=user.pk, signed_in_since=True)
        email = user.email
        names = [user.full_name, email, str(user)]
        by_herself = actor is not None and actor.pk == user.pk
        # Her own request is recorded as the platform's act: her name is what
        # is being taken out of the records.
        acting = None if by_herself else actor
        # Read before her membership is deleted: the audit event keeps her
        # agency, and Wagtail's history of her membership is relabelled.
        membership_rows = list(
            Membership.objects.filter(user=user).values_list(
                "pk", "agency_id", "agency__name"
            )
        )
        memberships = {pk: agency_name for pk, _agency, agency_name in membership_rows}
        agency_id = membership_rows[0][1] if membership_rows else None
        erasure = Erasure(user_id=user.pk)
        erasure.certificates_withdrawn, pdfs = _withdraw_certificates(
            user, actor=acting
        )
        # Her Open Badges credentials: withdrawn in the status list, tokens deleted.
        badges_services.withdraw_for_user(user)
        for label, queryset in _deletions(user, email):
            _count, by_model = queryset.delete()
            erasure.deleted[label] = sum(by_model.values())
        user.groups.clear()
        user.user_permissions.clear()
        user.full_name = selectors.ERASED_NAME
        user.email = f"erased-{user.pk}@{selectors.ERASED_DOMAIN}"
        user.set_unusable_password()
        user.is_active = False
        user.last_login = None
        user.save()
        erasure.audit_events_anonymised = audit_services.forget_person(
            user=user, label=selectors.ERASED_NAME, former=tuple(names)
        )
        erasure.admin_history_anonymised = _forget_admin_history(
            user, memberships=memberships, names=names
        )
        audit_services.record(
            actor=acting,
            action=audit_services.Action.ACCOUNT_ERASED,
            target=user,
            target_label=f"{selectors.ERASED_NAME} (account {user.pk})",
            agency=agency_id,
            details={
                "reason": reason,
                "asked_by_herself": by_herself,
                "certificates_withdrawn": erasure.certificates_withdrawn,
                "deleted": erasure.deleted,
            },
        )
        _delete_files_after_commit(pdfs)
    logger.info("Account %s erased: %s", user.pk, reason)
    return erasure


def record_export(user) -> None:
    """Note in the audit log that she downloaded her data."""
    audit_services.record(
        actor=user,
        action=audit_services.Action.DATA_EXPORTED,
        target=user,
        subject=user,
    )


# Retention of inactive accounts ---------------------------------------------------


@dataclass
class RetentionRun:
    warned: list = field(default_factory=list)
    erased: list = field(default_factory=list)
    # Ids of accounts a warning or erasure failed for; the run went on.
    failed: list[int] = field(default_factory=list)


def retention_period(days: int) -> str:
    """ "three years" when the days make whole years, else "400 days", in the
    active language."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        words = [
            pgettext("how long an account is kept", "one year"),
            pgettext("how long an account is kept", "two years"),
            pgettext("how long an account is kept", "three years"),
            pgettext("how long an account is kept", "four years"),
            pgettext("how long an account is kept", "five years"),
            pgettext("how long an account is kept", "six years"),
            pgettext("how long an account is kept", "seven years"),
            pgettext("how long an account is kept", "eight years"),
            pgettext("how long an account is kept", "nine years"),
        ]
        if years <= len(words):
            return words[years - 1]
        return ngettext("%(number)s year", "%(number)s years", years) % {
            "number": years
        }
    return ngettext("%(number)s day", "%(number)s days", days) % {"number": days}


def retention_candidates():
    """Accounts that retention applies to: everyone who signs in to learn,
    agency managers included, but nobody with admin access and no account
    already erased. Each is annotated with `seen`: her last sign-in, or when she
    joined if she never signed in."""
    return (
        User.objects.exclude(roles.admin_access_q())
        .exclude(email__endswith=f"@{selectors.ERASED_DOMAIN}")
        .annotate(seen=Coalesce("last_login", "date_joined"))
    )


def _valid_notice(user) -> RetentionNotice | None:
    """Her warning, if she has not signed in since it was sent."""
    notice = getattr(user, "retention_notice", None)
    if notice is None:
        return None
    if user.last_login and user.last_login > notice.sent_at:
        return None
    return notice


def _warn(user, *, now: datetime.datetime, erase_after: datetime.date) -> bool:
    """Record and send the warning, once: the record and the email succeed or
    fail together."""
    with transaction.atomic(), languages.speaking_to(user):
        RetentionNotice.objects.update_or_create(
            user=user, defaults={"sent_at": now, "erase_after": erase_after}
        )
        send_mail(
            subject=gettext(
                "Your Kairos Learning account will be erased unless you sign in"
            ),
            message=render_to_string(
                "privacy/email/inactive_warning.txt",
                {
                    "user": user,
                    "erase_after": erase_after,
                    "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
                    "retention_period": retention_period(
                        settings.INACTIVE_ACCOUNT_RETENTION_DAYS
                    ),
                },
            ),
            from_email=None,
            recipient_list=[user.email],
        )
    return True


def erase_inactive_accounts(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> RetentionRun:
    """Warn, then erase, accounts nobody has signed in to for longer than
    INACTIVE_ACCOUNT_RETENTION_DAYS (0 turns this off).

    A warning goes INACTIVE_ACCOUNT_WARNING_DAYS before; nobody is erased
    without a warning sent at least that long ago, so turning the policy on
    never erases anyone the same day. Signing in makes a warning void.
    Safe to run again: each warning is sent once, each erasure happens once.
    """
    run = RetentionRun()
    retention = settings.INACTIVE_ACCOUNT_RETENTION_DAYS
    if retention <= 0:
        return run
    now = now or timezone.now()
    warning_days = max(0, min(settings.INACTIVE_ACCOUNT_WARNING_DAYS, retention))
    if not dry_run:
        # Signing in since a warning was sent makes it void.
        RetentionNotice.objects.filter(user__last_login__gt=F("sent_at")).delete()
    erase_before = now - datetime.timedelta(days=retention)
    warn_before = erase_before + datetime.timedelta(days=warning_days)
    candidates = (
        retention_candidates()
        .filter(seen__lt=warn_before)
        .select_related("retention_notice")
        .order_by("pk")
    )
    for user in candidates:
        notice = _valid_notice(user)
        # A deactivated account cannot sign in to keep itself: it is not
        # warned, and goes when the retention period has passed.
        warned_long_enough = (
            warning_days == 0
            or not user.is_active
            or (
                notice is not None
                and notice.sent_at <= now - datetime.timedelta(days=warning_days)
            )
        )
        if user.seen < erase_before and warned_long_enough:
            if dry_run:
                run.erased.append(user)
                continue
            try:
                erasure = erase_account(
                    user,
                    reason=f"No sign-in for more than {retention} days.",
                    inactive_before=erase_before,
                )
            except Exception:
                # One account failing must not stop everyone after it.
                logger.exception("Retention run: could not erase account %s", user.pk)
                run.failed.append(user.pk)
                continue
            if not erasure.signed_in_since:
                run.erased.append(user)
        elif notice is None and warning_days and user.is_active:
            if dry_run:
                run.warned.append(user)
                continue
            erase_after = timezone.localdate(now) + datetime.timedelta(
                days=warning_days
            )
            try:
                _warn(user, now=now, erase_after=erase_after)
            except Exception:
                logger.exception("Retention run: could not warn account %s", user.pk)
                run.failed.append(user.pk)
                continue
            run.warned.append(user)
    return run
