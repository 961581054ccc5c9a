"""A support resource, as trainers enter it in the admin."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text=_("For example: Samaritans."))
    description = blocks.TextBlock(
        required=False,
        max_length=600,
        help_text=_("One or two plain sentences: who it is for and what it offers."),
    )
    phone = blocks.CharBlock(
        required=False, max_length=40, help_text=_("For example: 116 123.")
    )
    url = blocks.URLBlock(required=False, label=_("Website"))
    hours = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text=_("For example: Free, 24 hours a day, every day."),
    )

    class Meta:
        icon = "help"
        label = _("Resource")
        template = "support/blocks/resource.html"
