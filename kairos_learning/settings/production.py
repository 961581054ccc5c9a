"""Production: secrets from the environment, every security setting on.

Every process (gunicorn web workers, `manage.py db_worker`, the daily run) is
stateless: they share nothing but PostgreSQL, Redis and the file storage, so more
of them behind the same services scale the site out. docs/deploy.md describes
each variable; .env.example lists them with comments.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, env, env_bool, env_list, required_env

DEBUG = False
ENVIRONMENT = "production"
SECRET_KEY = required_env("SECRET_KEY")
# While rotating SECRET_KEY: the old key(s), so sessions and links still work.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# Open Badges 3.0 credentials are signed with these (docs/deploy.md): without
# them no credential can be issued or checked, so production does not start.
BADGES_SIGNING_KEYS = env("BADGES_SIGNING_KEYS") or ""
BADGES_SIGNING_KEYS_FILE = env("BADGES_SIGNING_KEYS_FILE") or ""
if not (BADGES_SIGNING_KEYS or BADGES_SIGNING_KEYS_FILE):
    required_env("BADGES_SIGNING_KEYS")
required_env("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# --- Database: PostgreSQL only --------------------------------------------------

required_env("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Production needs PostgreSQL: DATABASE_URL must be a postgres:// URL. "
        "SQLite cannot be shared by several web and worker processes."
    )
# Each web worker keeps its connection for a minute instead of opening one per
# request; Django checks it is still alive before reusing it.
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DATABASE_CONN_MAX_AGE") or "60")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
    env("DATABASE_CONNECT_TIMEOUT") or "5"
)
# Behind PgBouncer in transaction pooling mode, server-side cursors break.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS"
)

# --- Cache and sessions: Redis, shared by every process -------------------------

# Rate-limit counters (core.ratelimit), sessions and Wagtail's caches
# live here, so a client is counted once however many web processes serve it.
CACHES = {
    "default": {
        # Redis errors become cache misses (core.cache): losing
        # Redis slows the site down but signs nobody out and locks nobody out.
        "BACKEND": "core.cache.DegradingRedisCache",
        "LOCATION": required_env("REDIS_URL"),
        "KEY_PREFIX": env("CACHE_KEY_PREFIX") or "kairos",
        # A Redis that stops answering fails a request in two seconds rather
        # than holding a web worker until gunicorn kills it.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# Sessions are written to PostgreSQL and read from Redis: losing Redis signs
# nobody out (a miss reads the session from PostgreSQL).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Files ----------------------------------------------------------------------

# `manage.py collectstatic --noinput` is a build step: it writes the hashed,
# compressed files WhiteNoise serves.
STATIC_ROOT = Path(env("STATIC_ROOT") or STATIC_ROOT)  # noqa: F405

STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME") or ""
if AWS_STORAGE_BUCKET_NAME:
    # Media on S3-compatible storage (django-storages). Credentials come from
    # boto3's usual chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or a role.
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_S3_ADDRESSING_STYLE = env("AWS_S3_ADDRESSING_STYLE") or None
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    # Some providers (and AWS buckets with ACLs disabled) refuse canned ACLs:
    # set AWS_DEFAULT_ACL to an empty value there, and keep the bucket private.
    _private_acl = env("AWS_DEFAULT_ACL", "private") or None
    _s3 = "storages.backends.s3.S3Storage"
    STORAGES["default"] = {
        # Original images and documents: private objects. Documents are
        # streamed by Wagtail's serve view after its privacy checks
        # (WAGTAILDOCS_SERVE_METHOD); originals are reached by signed URLs.
        "BACKEND": _s3,
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "location": env("AWS_MEDIA_LOCATION") or "media",
            "default_acl": _private_acl,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES["renditions"] = {
        # Image renditions appear in public pages, so their URLs must not
        # expire: a bucket policy (or a CDN) makes this prefix publicly readable.
        "BACKEND": _s3,
        "OPTIONS": {
            "bucket_name": env("AWS_PUBLIC_BUCKET_NAME") or AWS_STORAGE_BUCKET_NAME,
            "location": env("AWS_RENDITIONS_LOCATION") or "renditions",
            "default_acl": None,
            "querystring_auth": False,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
        },
    }
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
    STORAGES["certificates"] = {
        # Certificate PDFs: private objects, never linked to. The download view
        # reads them through this storage and streams them to their owner.
        "BACKEND": _s3,
        "OPTIONS": {
            "bucket_name": env("CERTIFICATES_BUCKET_NAME") or AWS_STORAGE_BUCKET_NAME,
            "location": env("AWS_CERTIFICATES_LOCATION") or "private",
            "default_acl": _private_acl,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }

# --- Security -------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Required, even when 0: behind a load balancer left at 0, every visitor would
# share its address, and five wrong passwords would lock anyone out for everyone.
TRUSTED_PROXY_COUNT = int(required_env("TRUSTED_PROXY_COUNT"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer probes /health/ over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS") or 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Only a loopback benchmark or test over plain HTTP turns these off.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True

# --- Processes ------------------------------------------------------------------

# The health check answers before anything else runs, whatever Host header the
# load balancer sends; every request then gets an id that its log lines carry.
MIDDLEWARE = [
    "kairos_learning.health.HealthCheckMiddleware",
    "kairos_learning.logging.RequestIdMiddleware",
    *MIDDLEWARE,
]

# Background work runs in `manage.py db_worker` processes (django-tasks-db).
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend"}
}

# --- Logs: one JSON object per line on stdout -----------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kairos_learning.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "kairos_learning.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL") or "INFO"},
    "loggers": {
        # Django's own handlers would also mail admins; stdout is enough.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
