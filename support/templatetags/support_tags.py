from django import template

from support import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def support_settings(context):
    """The site's SupportSettings, or None: `{% support_settings as support %}`.

    Wagtail's `{% get_settings %}` would create the settings row on a page
    view when none exists; this reads only, once per request."""
    request = context.get("request")
    return selectors.support_settings(request) if request is not None else None
