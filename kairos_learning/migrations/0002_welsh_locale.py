"""The Welsh locale, beside English (created by Wagtail from LANGUAGE_CODE):
wagtail-localize translates content into it (docs/languages.md)."""

from django.db import migrations


def add_welsh(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="cy")


def remove_welsh(apps, schema_editor):
    # Left in place: pages may be in Welsh, and they protect their locale.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("kairos_learning", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_welsh, remove_welsh)]
