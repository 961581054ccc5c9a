from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import keys


@checks.register(checks.Tags.security, deploy=False)
def signing_keys(app_configs, **kwargs):
    """The Open Badges signing keys load, and the first one can sign."""
    try:
        keys.all_keys()
    except (ImproperlyConfigured, ValueError, OSError) as error:
        return [
            checks.Error(
                f"Open Badges signing keys: {error}",
                hint="See docs/deploy.md, 'Open Badges signing keys'.",
                id="badges.E001",
            )
        ]
    return []
