from django.apps import AppConfig


class KairosLearningConfig(AppConfig):
    """Site-wide pieces: the home page and the seed_demo command."""

    name = "kairos_learning"
    verbose_name = "Kairos Learning"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")
        _check_ids_in_admin_forms()


def _check_ids_in_admin_forms():
    """Every Wagtail admin model form chooses related records with the fields
    that refuse a value that cannot be an id (core.ids) instead of passing it
    to the database. Choosers Wagtail registers for particular models (pages,
    images) keep their own widgets and take precedence."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    from core import ids

    register_form_field_override(
        models.ForeignKey, override={"form_class": ids.ModelChoiceField}
    )
    register_form_field_override(
        models.ManyToManyField, override={"form_class": ids.ModelMultipleChoiceField}
    )
