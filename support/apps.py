from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Where to find support: Kairos's resources, each agency's own, and the
    quick exit."""

    name = "support"
    verbose_name = "Support"
