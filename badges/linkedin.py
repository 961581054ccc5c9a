"""LinkedIn's "add a licence or certification" form, filled in by a plain link:
no LinkedIn script, button or tracking pixel on our pages."""

from urllib.parse import urlencode

from django.conf import settings

from . import credentials

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def add_to_profile_url(certificate) -> str:
    fields = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.course_title,
        "organizationName": settings.BADGES_ISSUER_NAME,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
    }
    if certificate.expires_on:
        fields["expirationYear"] = certificate.expires_on.year
        fields["expirationMonth"] = certificate.expires_on.month
    fields["certUrl"] = credentials.verification_url(certificate)
    fields["certId"] = certificate.reference
    return f"{ADD_TO_PROFILE}?{urlencode(fields)}"
