import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods
from openbadgeslib import baking

from core.forms import posted
from core.ratelimit import rate_limited

from . import identity, selectors, status
from .forms import VerifyCredentialForm
from .verification import verify as verify_token

BADGE_IMAGE = Path(__file__).parent / "static" / "badges" / "badge.png"


def _public(request, content: bytes, *, content_type: str, max_age: int):
    """A public document caches may keep `max_age` seconds, with an ETag."""
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def did_document(request):
    """did:web: the issuer's DID document, every published key."""
    content = json.dumps(identity.did_document(), indent=2).encode()
    return _public(request, content, content_type="application/json", max_age=3600)


@require_GET
def issuer_profile(request):
    """The issuer's Open Badges Profile, as each credential carries it."""
    profile = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        **identity.issuer().to_dict(),
    }
    content = json.dumps(profile, indent=2).encode()
    return _public(request, content, content_type="application/json", max_age=3600)


@require_GET
def status_list(request):
    """The Bitstring Status List credential every credential points to."""
    return _public(
        request,
        status.status_list_token().encode(),
        content_type="application/vc+jwt",
        max_age=status.MAX_AGE_SECONDS,
    )


def _her_file(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def download_jwt(request, certificate_id: int):
    credential = selectors.credential_for(
        user=request.user, certificate_id=certificate_id
    )
    return _her_file(
        credential.token,
        content_type="application/vc+jwt",
        filename=f"kairos-{credential.certificate.reference}.jwt",
    )


@require_GET
@login_required
def download_json(request, certificate_id: int):
    """The same signed credential as JSON: a VC 2.0 EnvelopedVerifiableCredential."""
    credential = selectors.credential_for(
        user=request.user, certificate_id=certificate_id
    )
    document = {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": f"data:application/vc+jwt,{credential.token}",
        "type": "EnvelopedVerifiableCredential",
    }
    return _her_file(
        json.dumps(document, indent=2),
        content_type="application/json",
        filename=f"kairos-{credential.certificate.reference}.json",
    )


@require_GET
@login_required
def download_png(request, certificate_id: int):
    """The badge image with her credential baked in (an iTXt chunk)."""
    credential = selectors.credential_for(
        user=request.user, certificate_id=certificate_id
    )
    baked = baking.bake_png(
        BADGE_IMAGE.read_bytes(),
        credential.token,
        keyword=baking.ITXT_KEYWORD_OB3,
    )
    return _her_file(
        baked,
        content_type="image/png",
        filename=f"kairos-{credential.certificate.reference}.png",
    )


def _verify_rate():
    return settings.CERTIFICATE_VERIFY_RATE


@require_http_methods(["GET", "POST"])
@rate_limited(scope="certificate-verify", limit=_verify_rate)
def verify(request):
    """Check an Open Badges credential: pasted, or baked into a badge image."""
    form = VerifyCredentialForm(posted(request), request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = verify_token(form.cleaned_data["token"])
    response = render(
        request,
        "badges/verify.html",
        {"form": form, "verdict": verdict},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
