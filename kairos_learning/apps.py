from django.apps import AppConfig


class KairosLearningConfig(AppConfig):
    """Site-wide pieces: the home page and the seed_demo command."""

    name = "kairos_learning"
    verbose_name = "Kairos Learning"
