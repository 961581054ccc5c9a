"""A support resource, as trainers enter it in the admin."""

from wagtail import blocks


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="For example: Samaritans.")
    description = blocks.TextBlock(
        required=False,
        max_length=600,
        help_text="One or two plain sentences: who it is for and what it offers.",
    )
    phone = blocks.CharBlock(
        required=False, max_length=40, help_text="For example: 116 123."
    )
    url = blocks.URLBlock(required=False, label="Website")
    hours = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="For example: Free, 24 hours a day, every day.",
    )

    class Meta:
        icon = "help"
        label = "Resource"
        template = "support/blocks/resource.html"
