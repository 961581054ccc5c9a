from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Accounts"


class KairosUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with forms that know our email + full name user."""

    user_viewset = "accounts.viewsets.UserViewSet"
