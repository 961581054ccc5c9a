from wagtail import hooks

from . import services
from .models import CourseIndexPage


@hooks.register("after_create_page")
def give_trainers_new_catalogue(request, page):
    if isinstance(page.specific, CourseIndexPage):
        services.grant_trainers_course_tree(catalogue=page.specific)
