from django import template

from badges import linkedin

register = template.Library()


@register.simple_tag
def linkedin_url(certificate) -> str:
    return linkedin.add_to_profile_url(certificate)
