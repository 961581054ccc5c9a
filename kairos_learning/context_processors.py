from django.utils.functional import SimpleLazyObject

from . import header


def navigation(request):
    """Header data, each looked up only when a page uses it, from the shared
    cache (kairos_learning/header.py): the catalogue's URL, the support
    settings (quick exit), who is signed in, whether the person manages staff,
    whether she may edit content and whether she belongs to an agency."""
    return {
        "catalogue_url": SimpleLazyObject(
            lambda: header.site_header(request).catalogue_url
        ),
        "site_support": SimpleLazyObject(lambda: header.site_header(request).support),
        "signed_in_as": SimpleLazyObject(
            lambda: header.person_header(request).signed_in_as
        ),
        "manages_agency": SimpleLazyObject(
            lambda: header.person_header(request).manages_agency
        ),
        "can_edit_content": SimpleLazyObject(
            lambda: header.person_header(request).can_edit_content
        ),
        "belongs_to_agency": SimpleLazyObject(
            lambda: header.person_header(request).belongs_to_agency
        ),
    }
