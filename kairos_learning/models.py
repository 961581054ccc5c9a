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

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = selectors.catalogue_page()
        context["featured_courses"] = selectors.featured_courses(limit=3)
        return context
