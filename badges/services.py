"""Writes for credentials: issue one for a certificate, withdraw hers on erasure."""

from __future__ import annotations

import logging
import secrets
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import credentials, keys
from .models import STATUS_LIST_SIZE, Credential

logger = logging.getLogger(__name__)

# Two random picks landing on the same place in a list of 131072 are rare; give
# up loudly long before the list could be full.
PICKS = 20


class CredentialError(Exception):
    pass


def issue_for_certificate(certificate) -> Credential | None:
    """Issue (once) the signed credential for a certificate in force.

    Returns it, or None when there is nothing to issue for: a withdrawn
    certificate, or one whose learner has no email address any more. Safe to
    call again, and twice at once: one credential per certificate.
    """
    existing = Credential.objects.filter(certificate=certificate).first()
    if existing is not None:
        return existing
    user = certificate.user
    if certificate.revoked_at is not None or user is None or not user.email:
        return None
    key = keys.signing_key()
    for _pick in range(PICKS):
        credential_id = uuid.uuid4()
        index = secrets.randbelow(STATUS_LIST_SIZE)
        payload = credentials.build(
            certificate,
            credential_id=f"urn:uuid:{credential_id}",
            status_index=index,
            email=user.email,
        )
        try:
            with transaction.atomic():
                return Credential.objects.create(
                    id=credential_id,
                    certificate=certificate,
                    status_index=index,
                    key_id=key.kid,
                    token=credentials.sign(payload, key),
                )
        except IntegrityError:
            existing = Credential.objects.filter(certificate=certificate).first()
            if existing is not None:
                return existing  # another worker issued it first
    raise CredentialError("No free place in the status list after several tries.")


def issue_missing() -> int:
    """Backfill: a credential for every certificate in force that has none
    (`manage.py issue_credentials`, and the daily run). Returns how many."""
    from certificates.models import Certificate

    issued = 0
    pending = Certificate.objects.filter(
        revoked_at__isnull=True,
        badge_credential__isnull=True,
        user__isnull=False,
    ).select_related("user", "course", "completion")
    for certificate in pending.iterator():
        if issue_for_certificate(certificate) is not None:
            issued += 1
    return issued


def withdraw_for_user(user) -> int:
    """Erasure: her credentials are withdrawn (their bits set in the status
    list) and the signed tokens, which carry her hashed email, are deleted."""
    hers = Credential.objects.filter(certificate__user=user)
    withdrawn = hers.filter(withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    hers.update(token="")
    return withdrawn
