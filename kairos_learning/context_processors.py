from django.utils.functional import SimpleLazyObject

from agencies.selectors import manager_scope
from courses.selectors import catalogue_page


def navigation(request):
    """Header links, each looked up only when a page uses it: the catalogue's
    URL, and whether the person manages staff in an agency."""

    def catalogue_url():
        page = catalogue_page()
        return page.get_url(request) if page else "/"

    def manages_agency():
        return manager_scope(request.user) is not None

    return {
        "catalogue_url": SimpleLazyObject(catalogue_url),
        "manages_agency": SimpleLazyObject(manages_agency),
    }
