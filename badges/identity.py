"""Who issues the credentials: a did:web named after the site's host, its DID
document (every published key) and its issuer profile."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse
from openbadgeslib.ob3 import Issuer, build_did_document

from . import keys


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def did() -> str:
    """did:web:<host>, resolved at https://<host>/.well-known/did.json. A port
    is percent-encoded (did:web:localhost%3A8000) as the method requires."""
    parts = urlsplit(base_url())
    authority = parts.hostname or "localhost"
    if parts.port:
        authority = f"{authority}:{parts.port}"
    return "did:web:" + quote(authority, safe="")


def verification_method(key: keys.SigningKey) -> str:
    return f"{did()}#{key.kid}"


def did_document() -> dict:
    """The DID document: every key, the signing key first (a token naming no
    key is checked against the first)."""
    document = build_did_document(
        did(), [(key.kid, key.public_jwk) for key in keys.all_keys()]
    )
    # The issuer's website, bound to the DID (DID Specification Registries'
    # LinkedDomains service); the issuer profile itself is in each credential.
    document["service"] = [
        {
            "id": f"{did()}#website",
            "type": "LinkedDomains",
            "serviceEndpoint": base_url() + "/",
        }
    ]
    return document


def did_document_url() -> str:
    """Where did:web resolution looks for the document (always https)."""
    return f"https://{urlsplit(base_url()).netloc}/.well-known/did.json"


def issuer() -> Issuer:
    return Issuer(id=did(), name=settings.BADGES_ISSUER_NAME, url=base_url() + "/")


def status_list_url() -> str:
    return absolute(reverse("badges_public:status_list"))
