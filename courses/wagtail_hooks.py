from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import ContentNoteTopic, CourseIndexPage


class ContentNoteTopicViewSet(SnippetViewSet):
    model = ContentNoteTopic
    icon = "warning"
    menu_label = "Content-note topics"
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None


register_snippet(ContentNoteTopicViewSet)


@hooks.register("after_create_page")
def give_trainers_new_catalogue(request, page):
    if isinstance(page.specific, CourseIndexPage):
        services.grant_trainers_course_tree(catalogue=page.specific)
