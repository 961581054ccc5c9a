from django.apps import AppConfig


class KairosLearningConfig(AppConfig):
    """Site-wide pieces: the home page and the seed_demo command."""

    name = "kairos_learning"
    verbose_name = "Kairos Learning"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")
