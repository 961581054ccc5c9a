"""Writing the audit log. Every change the log describes calls `record` from the
service that makes it, inside the same transaction: a change that rolls back
leaves no row, and a change that commits always has one."""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from collections.abc import Callable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent

Action = AuditEvent.Action

LABEL_LENGTH = AuditEvent._meta.get_field("target_label").max_length


def person_label(user) -> str:
    """How a person appears in the log: her name and email as they are now."""
    if user is None:
        return ""
    name = (getattr(user, "full_name", "") or "").strip()
    email = getattr(user, "email", "") or ""
    if name and email:
        return f"{name} ({email})"
    return name or email or str(user)


# How to find a person's agency: `agencies` sits above `audit` and registers its
# lookup when the app is ready (agencies/apps.py), so the log never imports it.
_agency_lookup: Callable[[int], tuple[int, str] | None] | None = None


def register_agency_lookup(lookup: Callable[[int], tuple[int, str] | None]) -> None:
    """Set the function that gives a user id's agency as (id, name), or None."""
    global _agency_lookup
    _agency_lookup = lookup


def agency_of(user) -> tuple[int, str] | None:
    """The agency a person belongs to, as (id, name), or None (one query)."""
    if user is None or user.pk is None or _agency_lookup is None:
        return None
    return _agency_lookup(user.pk)


def _plain(value):
    """Details as JSON can hold them: dates as ISO 8601, decimals as text,
    model instances as their primary key."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_label: str = "",
    subject=None,
    agency=None,
    details: Mapping | None = None,
    request=None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction and return it.

    `actor` is the person acting (None for the platform itself; taken from
    `request.user` if left out and a request is given). `target` is what was
    acted on; its label defaults to str(target). `subject` is the person the
    event is about, if any. `agency` (an agency, its id, or an (id, name) pair;
    by default the subject's) is what admins filter by.
    """
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if action not in Action.values:
        raise ValueError(f"Unknown audit action: {action!r}")
    event = AuditEvent(
        actor=actor,
        actor_label=person_label(actor)[:LABEL_LENGTH] if actor else "Kairos Learning",
        action=action,
        target_label=(target_label or (str(target) if target is not None else ""))[
            :LABEL_LENGTH
        ],
        details=_plain(details or {}),
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(
            target, for_concrete_model=False
        )
        event.target_id = str(target.pk)
    if subject is not None:
        event.subject = subject
        if agency is None:
            agency = agency_of(subject)
    if agency is not None:
        agency = _agency_id_and_name(agency)
        if agency is not None:
            event.agency_id, name = agency
            event.agency_label = name[:200]
    event.save()
    return event


def before_and_after(before: Mapping, after: Mapping) -> dict:
    """The details of a change: {"before": {...}, "after": {...}} holding only
    the fields whose value changed (`record` writes dates as ISO 8601)."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {
        "before": {name: before.get(name) for name in changed},
        "after": {name: after[name] for name in changed},
    }


def _agency_id_and_name(agency) -> tuple[int, str] | None:
    if isinstance(agency, tuple):
        return agency
    if isinstance(agency, models.Model):
        return agency.pk, agency.name
    agency_model = AuditEvent._meta.get_field("agency").related_model
    name = agency_model.objects.filter(pk=agency).values_list("name", flat=True)
    name = name.first()
    return None if name is None else (agency, name)


# Names shorter than this are not searched for in other events' text: "Jo"
# would match far more than her.
MIN_SCRUBBED_LENGTH = 4


def _scrubbed(value, secrets: list[str], label: str):
    """`value` (JSON data) with every occurrence of each secret replaced."""
    if isinstance(value, str):
        for secret in secrets:
            value = re.sub(re.escape(secret), label, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_scrubbed(item, secrets, label) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, secrets, label) for key, item in value.items()}
    return value


def forget_person(
    *, user, label: str = "Erased account", former: tuple[str, ...] = ()
) -> int:
    """Replace a person's name and email in the log with `label`, keeping the
    events themselves (what was done, when, in which agency). For the erasure
    service; returns how many events changed.

    Where she acted or the event is about her, the links and labels go. Her
    name or email also goes from any other event's text (a course assigned to
    her by name, a manager's search for her): pass `former` (her name and
    email as they were) if the account has already been anonymised."""
    events = AuditEvent.objects.filter(
        models.Q(actor_id=user.pk) | models.Q(subject_id=user.pk)
    )
    ids = set(events.values_list("pk", flat=True))
    AuditEvent.objects.filter(pk__in=ids, actor_id=user.pk).update(
        actor=None, actor_label=label
    )
    AuditEvent.objects.filter(pk__in=ids, subject_id=user.pk).update(
        subject=None, target_label=label
    )
    secrets = sorted(
        {
            text.strip()
            for text in (*former, user.full_name, user.email)
            if text and len(text.strip()) >= MIN_SCRUBBED_LENGTH
        },
        key=len,
        reverse=True,  # her email before her name, which it may contain
    )
    mentions = models.Q()
    for secret in secrets:
        mentions |= (
            models.Q(details__icontains=secret)
            | models.Q(target_label__icontains=secret)
            | models.Q(actor_label__icontains=secret)
        )
    if secrets:
        for event in AuditEvent.objects.filter(mentions):
            event.details = _scrubbed(event.details, secrets, label)
            event.target_label = _scrubbed(event.target_label, secrets, label)
            event.actor_label = _scrubbed(event.actor_label, secrets, label)
            event.save(update_fields=["details", "target_label", "actor_label"])
            ids.add(event.pk)
    return len(ids)
