"""The issuer's Ed25519 signing keys (docs/deploy.md, "Open Badges signing keys").

Production reads them from BADGES_SIGNING_KEYS (or the file BADGES_SIGNING_KEYS_FILE
names): PEM blocks, newest first. The first is the key that signs; every key in
the list, private or public, is published in the DID document, so credentials
signed before a rotation still verify. Development generates one key into a
git-ignored file; the test settings make one in memory.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PEM_BLOCK = re.compile(
    r"-----BEGIN (PRIVATE|PUBLIC) KEY-----.+?-----END \1 KEY-----", re.DOTALL
)


@dataclass(frozen=True)
class SigningKey:
    """One key: its id (the RFC 7638 thumbprint of its public JWK), its public
    half, and its private half when this deployment may still sign with it."""

    kid: str
    public_key: Ed25519PublicKey
    private_key: Ed25519PrivateKey | None = None

    @property
    def public_jwk(self) -> dict:
        return _public_jwk(self.public_key)

    @property
    def public_pem(self) -> bytes:
        return self.public_key.public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )

    @property
    def private_pem(self) -> bytes:
        if self.private_key is None:
            raise ImproperlyConfigured(f"Key {self.kid} is published only.")
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _public_jwk(public_key: Ed25519PublicKey) -> dict:
    raw = public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw)}


def thumbprint(public_key: Ed25519PublicKey) -> str:
    """RFC 7638: the SHA-256 of the JWK's required members, in order."""
    members = json.dumps(
        _public_jwk(public_key), sort_keys=True, separators=(",", ":")
    ).encode("ascii")
    return _b64url(hashlib.sha256(members).digest())


def generate_pem() -> str:
    """A new Ed25519 private key as PKCS#8 PEM (`manage.py badges_key`)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


def parse(text: str) -> list[SigningKey]:
    """The keys in `text`: PEM blocks in order, newest first. A value from the
    environment may carry its line breaks as literal \\n."""
    text = text.replace("\\n", "\n")
    keys = []
    for match in PEM_BLOCK.finditer(text):
        block = match.group(0).encode("ascii")
        if match.group(1) == "PRIVATE":
            private = serialization.load_pem_private_key(block, password=None)
            if not isinstance(private, Ed25519PrivateKey):
                raise ImproperlyConfigured("Open Badges signing keys must be Ed25519.")
            public = private.public_key()
        else:
            private = None
            public = serialization.load_pem_public_key(block)
            if not isinstance(public, Ed25519PublicKey):
                raise ImproperlyConfigured("Open Badges signing keys must be Ed25519.")
        keys.append(SigningKey(thumbprint(public), public, private))
    if not keys:
        raise ImproperlyConfigured(
            "BADGES_SIGNING_KEYS holds no PEM key (see docs/deploy.md)."
        )
    if keys[0].private_key is None:
        raise ImproperlyConfigured(
            "The first key in BADGES_SIGNING_KEYS signs, so it must be a private key."
        )
    return keys


def _configured_text() -> str:
    if settings.BADGES_SIGNING_KEYS:
        return settings.BADGES_SIGNING_KEYS
    path = settings.BADGES_SIGNING_KEYS_FILE
    if not path:
        raise ImproperlyConfigured(
            "Set BADGES_SIGNING_KEYS or BADGES_SIGNING_KEYS_FILE (docs/deploy.md)."
        )
    path = Path(path)
    if not path.exists() and settings.BADGES_GENERATE_KEY_FILE:
        # Development only: a key of this machine's own, never committed.
        path.write_text(generate_pem())
        path.chmod(0o600)
    return path.read_text()


@cache
def _keys_from(text: str) -> tuple[SigningKey, ...]:
    return tuple(parse(text))


def all_keys() -> tuple[SigningKey, ...]:
    """Every published key, the signing key first."""
    return _keys_from(_configured_text())


def signing_key() -> SigningKey:
    return all_keys()[0]
