"""The Bitstring Status List (W3C) that says which credentials are withdrawn.

It is not stored: it is worked out from the certificates each time it is asked
for, so it is always up to date with every way a certificate is withdrawn —
revoked or reissued in the admin, or withdrawn when her account is erased — and
no path can forget to update it. The signed list is the same bytes for the same
state on the same day, so HTTP caches and ETags work.
"""

from __future__ import annotations

import datetime

from django.db.models import Max, Q
from openbadgeslib.ob3 import build_status_list_credential

from . import credentials, identity
from .models import STATUS_LIST_SIZE, Credential

# Caches may keep the list this long; a withdrawal shows within it.
MAX_AGE_SECONDS = 300
# The list says it is good for two days at most, so an old copy replayed by a
# hostile host cannot hide a withdrawal for longer.
FRESH_FOR = datetime.timedelta(days=2)
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

WITHDRAWN = Q(certificate__revoked_at__isnull=False) | Q(withdrawn_at__isnull=False)


def withdrawn_indices() -> list[int]:
    return list(
        Credential.objects.filter(WITHDRAWN)
        .order_by("status_index")
        .values_list("status_index", flat=True)
    )


def _last_change() -> datetime.datetime:
    changes = Credential.objects.aggregate(
        revoked=Max("certificate__revoked_at"), withdrawn=Max("withdrawn_at")
    )
    return max([EPOCH, *(moment for moment in changes.values() if moment)])


def status_list_payload(*, now: datetime.datetime | None = None) -> dict:
    now = now or datetime.datetime.now(tz=datetime.UTC)
    today = now.astimezone(datetime.UTC).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    issued = min(_last_change(), now)
    vc = build_status_list_credential(
        issuer_id=identity.did(),
        url=identity.status_list_url(),
        purpose="revocation",
        set_indices=withdrawn_indices(),
        size_bits=STATUS_LIST_SIZE,
        issued=issued,
        valid_until=today + FRESH_FOR,
        ttl=MAX_AGE_SECONDS * 1000,
    )
    return {**vc, "iss": vc["issuer"], "jti": vc["id"], "nbf": int(issued.timestamp())}


def status_list_token(*, now: datetime.datetime | None = None) -> str:
    """The list as a JWT-VC, signed like the credentials."""
    return credentials.sign(status_list_payload(now=now))
