from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers with no app of their own, at the bottom of the layers: rate limits
    (with their database counters while the cache is down), the degrading cache,
    the outage page, warnings at most once a minute, spreadsheet-safe cells."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale
        from wagtail.models.i18n import LocaleManager

        from core.languages import cached_locale_for_language, forget_locales

        # Locales change only when a language is added: one cached reading for
        # every page Wagtail routes instead of a query each (core.languages).
        LocaleManager.get_for_language = cached_locale_for_language

        post_save.connect(forget_locales, sender=Locale, dispatch_uid="core-locales")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="core-locales")

        # The switcher's link to a page's translation, cached until a page changes.
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from core.languages import pages_changed

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(pages_changed, dispatch_uid="core-page-translations")

        def page_deleted(sender, instance, **kwargs):
            if isinstance(instance, Page):
                pages_changed()

        post_delete.connect(
            page_deleted, dispatch_uid="core-page-translations", weak=False
        )
