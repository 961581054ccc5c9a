from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = True
# A development-only key: production refuses to start without its own.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-not-for-production")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Two-factor sign-in to the admin is on in production; in development the demo
# trainer and admin sign in with their password alone unless this is turned on.
ADMIN_REQUIRE_TWO_FACTOR = env_bool("ADMIN_REQUIRE_TWO_FACTOR", default=False)
# Open Badges: a signing key of this machine's own, made on first use, never
# committed (.gitignore). Production refuses to start without its own.
BADGES_SIGNING_KEYS_FILE = env(
    "BADGES_SIGNING_KEYS_FILE",
    str(BASE_DIR / ".badges-signing-key.pem"),  # noqa: F405
)
BADGES_GENERATE_KEY_FILE = True
