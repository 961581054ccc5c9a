from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses import selectors


class HomePage(Page):
    """The front door: what Kairos Learning is, and the way into the catalogue."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find the page for a path in two queries, not two a level: the page
        and every page between it and home by their URL paths, then the page
        itself as its own type. Every page on the way must be live: an
        unpublished course hides its lessons and quizzes. A path that is not a
        page's (a sub-route, or nothing) takes Wagtail's own walk."""
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
            return super().route(request, path_components)
        if not all(path in on_the_way and on_the_way[path].live for path in paths):
            raise Http404
        page = on_the_way[paths[-1]].specific
        # The visibility rule's "every ancestor live" holds: pages need not ask.
        request.route_all_live = page.pk
        parent = on_the_way.get(paths[-2]) if len(paths) > 1 else self
        if parent is not None:
            page._cached_parent_obj = parent
        return page.route(request, [])

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = selectors.catalogue_page()
        context["featured_courses"] = selectors.featured_courses(limit=3)
        return context
