from django.utils.functional import SimpleLazyObject


def navigation(request):
    """Header links, each looked up only when a page uses it: the catalogue's
    URL, and whether the person manages staff in an agency."""

    def catalogue_url():
        from courses.selectors import catalogue_page

        page = catalogue_page()
        return page.get_url(request) if page else "/"

    def manages_agency():
        from agencies.selectors import manager_scope

        return manager_scope(request.user) is not None

    return {
        "catalogue_url": SimpleLazyObject(catalogue_url),
        "manages_agency": SimpleLazyObject(manages_agency),
    }
