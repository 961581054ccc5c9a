from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import Locale, Page, PageViewRestriction, get_page_models
        from wagtail.signals import (
            page_published,
            page_slug_changed,
            page_unpublished,
            post_page_move,
        )

        from . import locales, selectors
        from .models import ContentNoteTopic, CoursePage, LessonPage

        # Cached readings of published content (topics, tag clouds) are
        # forgotten whenever published content changes.
        uid = "courses.content_changed"
        for signal in (page_published, page_unpublished, page_slug_changed):
            signal.connect(selectors.content_changed, dispatch_uid=uid)
        post_page_move.connect(selectors.content_changed, dispatch_uid=uid)
        # Any page saved or deleted, of every type (a quiz too, which this app
        # cannot name), a content-note topic or a view restriction.
        for model in (*get_page_models(), Page, ContentNoteTopic, PageViewRestriction):
            post_save.connect(selectors.content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(
                selectors.content_changed, sender=model, dispatch_uid=uid
            )
        # Locale ids are kept in memory (courses.locales): a language added or
        # removed forgets them, and every cached reading of content.
        for signal in (post_save, post_delete):
            signal.connect(
                locales.forget_locales, sender=Locale, dispatch_uid="courses.locales"
            )
            signal.connect(selectors.content_changed, sender=Locale, dispatch_uid=uid)
        for through in (
            CoursePage.content_topics.through,
            LessonPage.content_topics.through,
        ):
            m2m_changed.connect(
                selectors.content_changed, sender=through, dispatch_uid=uid
            )
