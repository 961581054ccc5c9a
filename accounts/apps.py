from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.idle_clock")


class KairosUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with forms that know our email + full name user."""

    user_viewset = "accounts.viewsets.UserViewSet"
