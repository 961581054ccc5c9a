from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"


class KairosUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with forms that know our email + full name user, and
    "Delete" erasing a learner by the privacy policy."""

    user_viewset = "privacy.viewsets.UserViewSet"
