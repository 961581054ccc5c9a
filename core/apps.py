from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers with no app of their own, at the bottom of the layers: rate limits
    (with their database counters while the cache is down), the degrading cache,
    the outage page, warnings at most once a minute, spreadsheet-safe cells."""

    name = "core"
    verbose_name = "Core"
