from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A development-only key: production refuses to start without its own.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-not-for-production")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
