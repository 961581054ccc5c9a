"""The language switcher and hreflang links every page carries (core.languages)."""

from django import template

from core import languages

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in each language; computed once per page render."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_language_alternates", None)
    if cached is None:
        # A Wagtail page being served ("self" is the page); a view that only
        # names a page (a quiz's attempt) is translated by its own address.
        page = context.get("page")
        if page is None or context.get("self") is not page:
            page = None
        cached = languages.alternates(request, page=page)
        request._language_alternates = cached
    return cached
