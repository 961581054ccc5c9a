from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses import locales, selectors


class HomePage(Page):
    """The front door: what Kairos Learning is, and the way into the catalogue."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def localized(self):
        """The home page in the language being spoken (Wagtail's router asks for
        it on every request): no query when this is it, the locale ids being
        remembered (courses.locales)."""
        return locales.localized(self)

    def route(self, request, path_components):
        """Find the page for a path in two queries, not two a level: the page
        and every page between it and home by their URL paths, then the page
        itself as its own type. Every page on the way must be live: an
        unpublished course hides its lessons and quizzes. A path that is not a
        page's (a sub-route, or nothing) takes Wagtail's own walk."""
        if not locales.in_active_language(self):
            # The English home routing a Welsh address (no Welsh home yet).
            request.language_fallback = True
        if not path_components:
            return super().route(request, path_components)
        paths, path = [], self.url_path
        for component in path_components:
            path += f"{component}/"
            paths.append(path)
        on_the_way = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=paths).descendant_of(self)
        }
        if paths[-1] not in on_the_way:
            try:
                return super().route(request, path_components)
            except Http404:
                if locales.is_source(self):
                    raise
                return self._route_in_source(request, path_components, on_the_way)
        if not all(path in on_the_way and on_the_way[path].live for path in paths):
            raise Http404
        page = on_the_way[paths[-1]].specific
        # The visibility rule's "every ancestor live" holds: pages need not ask.
        request.route_all_live = page.pk
        parent = on_the_way.get(paths[-2]) if len(paths) > 1 else self
        if parent is not None:
            page._cached_parent_obj = parent
        return page.route(request, [])

    def _route_in_source(self, request, path_components, on_the_way):
        """A Welsh address whose page has no Welsh translation: the English
        page, found below the English page of the deepest Welsh page on the way,
        by its English slugs (courses.locales.fallback_url_path), shown in the
        Welsh site with a note (templates/includes/language_fallback.html)."""
        deepest, path, matched = self, self.url_path, 0
        for component in path_components:
            path += f"{component}/"
            page = on_the_way.get(path)
            if page is None:
                break
            if not page.live:
                raise Http404
            deepest, matched = page, matched + 1
        source = locales.canonical(deepest.specific)
        if source is deepest or (source.pk == deepest.pk):
            raise Http404
        request.language_fallback = True
        return source.specific.route(request, path_components[matched:])

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = selectors.catalogue_page()
        context["featured_courses"] = selectors.featured_courses(limit=3)
        return context
