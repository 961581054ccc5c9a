"""Settings shared by every environment, read from the environment.

Each variable is listed with a comment in `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "kairos_learning"


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def required_env(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "accounts",
    "kairos_learning",
    "courses",
    "quizzes",
    "certificates",
    "badges",
    "agencies",
    "support",
    "reflections",
    "audit",
    "privacy",
    "operations",
    "evidence",
    "privacy.apps.KairosUsersAppConfig",
    # Content in English and Welsh: wagtail-localize's editor, and its
    # locales app in place of wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # While PostgreSQL is unreachable, a plain 503 page (and handler500 for
    # failures raised in other middleware).
    "core.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # NUL characters are taken out of the path and query string first.
    "core.middleware.DropNulFromAddressMiddleware",
    "kairos_learning.middleware.PermissionsPolicyMiddleware",
    # django-csp's, with frame-ancestors 'self' for the editor's preview only.
    "kairos_learning.middleware.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address: /cy/… is Welsh, an address without a
    # prefix English (kairos_learning/urls.py).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the idle-session check, which leaves a message for the sign-in page.
    "django.contrib.messages.middleware.MessageMiddleware",
    # A first visit without a prefix goes to her language: her account's, or
    # her browser's (core.languages).
    "core.middleware.FirstVisitLanguageMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AdminTwoFactorMiddleware",
    # DENY, except SAMEORIGIN for the editor's preview (set by the next one).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kairos_learning.middleware.PreviewFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kairos_learning.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kairos_learning.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "kairos_learning.wsgi.application"

# Database: an SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue for the lock instead of failing with
    # "database is locked" (measured: see ARCHITECTURE.md).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler added up to 0.9 s to dashboard queries whose
    # estimated cost crossed its threshold (bench/agencies.py); short web
    # queries never win it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out sign-in is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "courses:my_learning"
LOGOUT_REDIRECT_URL = "/"
# Private pages and documents send signed-out visitors to the site's own sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/sign-in/"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# English and Welsh, equal in everything a learner or manager reads (docs/languages.md).
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Welsh is remembered once chosen; a year, like Django's session.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The languages trainers and admins may choose for the Wagtail admin.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Certificate PDFs are private: they are kept outside MEDIA_ROOT and only ever
# served through a view that checks who is asking.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# Wagtail's page editor can exceed Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies other than file uploads: 5 MB. Uploaded files above 2.5 MB go to
# a temporary file, never memory; each upload form sets its own size and type limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# A mail server that stops answering fails the email task (which is retried)
# rather than holding a worker.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Kairos Learning <learning@kairos.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work goes through Django's tasks API (django-tasks).
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# A task RUNNING longer than its lease has lost its worker: `manage.py
# recover_tasks` (every few minutes, and in the daily run) marks it failed and
# runs it again if it is safe to (operations.services). Certificate renders
# take well under a second, so theirs is short.
TASK_LEASE_MINUTES = int(env("TASK_LEASE_MINUTES", "15"))
_certificate_lease = int(env("CERTIFICATE_TASK_LEASE_SECONDS", "120"))
TASK_LEASES = {
    "certificates.tasks.issue_certificate": _certificate_lease,
    "certificates.tasks.render_certificate": _certificate_lease,
}
# A failed task that is safe to retry runs again this long after its first
# failure, five times as long after its second (operations.services).
TASK_RETRY_BACKOFF_SECONDS = int(env("TASK_RETRY_BACKOFF_SECONDS", "60"))
# Tests only: seconds each certificate render waits first, so a fault test can
# stop a worker in the middle of one. Always 0 in a real deployment.
CERTIFICATE_RENDER_TEST_DELAY = float(env("CERTIFICATE_RENDER_TEST_DELAY", "0"))

WAGTAIL_SITE_NAME = "Kairos Learning"
# The admin's password panel is ours (accounts.wagtail_hooks), checking the
# current password with the sign-in throttle; Wagtail's own counts nothing.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# No avatars from gravatar.com: each would send a hash of a trainer's email to a
# third party (and show as a broken image offline). Wagtail shows its own
# default avatar, or one uploaded in the admin's account settings.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for new versions (it does so
# from a superuser's browser); upgrades are planned from requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_DATE_FORMAT = "%d %B %Y"
WAGTAIL_DATETIME_FORMAT = "%d %B %Y %H:%M"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # One line per task state change is noise outside debugging.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
ENVIRONMENT = env("KAIROS_ENVIRONMENT", "development")

# Rate limits count requests per client address. Behind N trusted proxies, the
# client is the Nth address from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
# Public certificate verification: requests per client per ten minutes.
CERTIFICATE_VERIFY_RATE = int(env("CERTIFICATE_VERIFY_RATE", "30"))
# Open Badges 3.0 (badges/keys.py, docs/deploy.md): the Ed25519 keys as PEM
# blocks, newest first, or the path of a file holding them.
BADGES_SIGNING_KEYS = env("BADGES_SIGNING_KEYS", "")
BADGES_SIGNING_KEYS_FILE = env("BADGES_SIGNING_KEYS_FILE", "")
# Development only: make the key file above if it does not exist.
BADGES_GENERATE_KEY_FILE = False
BADGES_ISSUER_NAME = env("BADGES_ISSUER_NAME", "Kairos")
# Agency join-code attempts per client per ten minutes.
JOIN_CODE_RATE = int(env("JOIN_CODE_RATE", "20"))
# A certificate whose PDF has not appeared this long after issue is rendered again
# by `manage.py sweep_certificates`.
CERTIFICATE_RENDER_GRACE_MINUTES = int(env("CERTIFICATE_RENDER_GRACE_MINUTES", "10"))
# Evidence packs, ZIPs of certificates and large exports (evidence/): their
# download expires this many days after they are built (the pack's verification
# page stays); `manage.py sweep_evidence`, in the daily run, deletes the files.
EVIDENCE_DOWNLOAD_DAYS = int(env("EVIDENCE_DOWNLOAD_DAYS", "30"))
# A manager's export of more people than this is built in the background, with
# a progress bar and an email; fewer, and it downloads at once.
EXPORT_IMMEDIATE_MAX_PEOPLE = int(env("EXPORT_IMMEDIATE_MAX_PEOPLE", "500"))

# --- Security -----------------------------------------------------------------

# Sessions: signed out after SESSION_IDLE_MINUTES without a request, and after
# SESSION_COOKIE_AGE whatever happens (accounts.middleware).
SESSION_IDLE_MINUTES = int(env("SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = int(env("SESSION_MAX_HOURS", "12")) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Sign-in throttling (django-axes): failures are counted per username *and*
# client together, so nobody can lock someone else out from another address,
# and a lockout ends by itself after the cool-off.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Email addresses sign in in any case: "Leah@..." and "leah@..." count together.
AXES_USERNAME_CALLABLE = "accounts.throttling.username_for_throttling"
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
# Tries while locked out do not restart the wait, so the page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A 429 page (registration/locked_out.html) saying when she can try again.
AXES_LOCKOUT_CALLABLE = "accounts.throttling.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# No record of every successful sign-in (address, browser) kept for ever: only
# the failures that count towards a lockout, deleted after the cool-off.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Password-reset requests per email address and client per hour.
PASSWORD_RESET_RATE = int(env("PASSWORD_RESET_RATE", "5"))
# Sign-up requests per client per hour.
SIGN_UP_RATE = int(env("SIGN_UP_RATE", "10"))

# Two-factor authentication (django-otp) for everyone who can use the Wagtail admin.
ADMIN_REQUIRE_TWO_FACTOR = env_bool("ADMIN_REQUIRE_TWO_FACTOR", default=True)
OTP_TOTP_ISSUER = "Kairos Learning"
# Wrong codes make the next try wait 1, 2, 4, 8... seconds (django-otp throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Content-Security-Policy on the public site: no inline script or style at all.
# The Wagtail admin (which needs inline script) is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Lesson videos (VideoBlock) are embedded players from these sites only.
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
# No page may be framed, by this site or any other, except a preview by the
# editor's preview panel on this site (kairos_learning.middleware: SAMEORIGIN and
# frame-ancestors 'self' for the request Wagtail builds to render a preview).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# --- Privacy ------------------------------------------------------------------

# Learner accounts with no sign-in for this many days are erased by
# `manage.py erase_inactive_accounts` (run daily); 0 turns it off.
INACTIVE_ACCOUNT_RETENTION_DAYS = int(env("INACTIVE_ACCOUNT_RETENTION_DAYS", "1095"))
# Days of warning by email before an inactive account is erased.
INACTIVE_ACCOUNT_WARNING_DAYS = int(env("INACTIVE_ACCOUNT_WARNING_DAYS", "30"))
