from django.http import Http404

from .models import Credential


def credential_for(*, user, certificate_id: int) -> Credential:
    """Her credential for one of her certificates in force; anyone else's, a
    withdrawn one or one not issued yet is not found (404)."""
    credential = (
        Credential.objects.select_related("certificate")
        .filter(
            certificate_id=certificate_id,
            certificate__user=user,
            certificate__revoked_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .exclude(token="")
        .first()
    )
    if credential is None:
        raise Http404
    return credential


def credentials_of(user) -> list[dict]:
    """For her data export: every credential issued for her certificates."""
    return [
        {
            "id": credential.urn,
            "certificate_reference": credential.certificate.reference,
            "issued": credential.issued_at.isoformat(),
            "withdrawn": credential.withdrawn_at.isoformat()
            if credential.withdrawn_at
            else None,
            "signed_credential_jwt": credential.token or None,
        }
        for credential in Credential.objects.filter(certificate__user=user)
        .select_related("certificate")
        .order_by("issued_at")
    ]
