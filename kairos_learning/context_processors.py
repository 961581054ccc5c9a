from django.utils.functional import SimpleLazyObject


def navigation(request):
    """The catalogue's URL for the header, looked up only when a page uses it."""

    def catalogue_url():
        from courses.selectors import catalogue_page

        page = catalogue_page()
        return page.get_url(request) if page else "/"

    return {"catalogue_url": SimpleLazyObject(catalogue_url)}
