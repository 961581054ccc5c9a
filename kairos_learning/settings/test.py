import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .base import *  # noqa: F403


def _generate_badges_key() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


SECRET_KEY = "test-only-key"  # noqa: S105
# Open Badges: a signing key made for this test run, never written anywhere.
BADGES_SIGNING_KEYS = _generate_badges_key()
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="kairos-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="kairos-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the browser tests' live server answers the Wagtail
    # admin's concurrent requests on connections of their own.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"kairos-test-{os.getpid()}.sqlite3")
    }

# Two-factor sign-in to the admin is on everywhere else; the tests that show it
# works turn it on (accounts/tests/test_two_factor.py). Admin tests elsewhere sign
# in with force_login and would otherwise all stop at the verification page.
ADMIN_REQUIRE_TWO_FACTOR = False

# Failed tasks are retried as soon as asked; operations/tests/test_lost_tasks.py
# turns the backoff on to test it.
TASK_RETRY_BACKOFF_SECONDS = 0
