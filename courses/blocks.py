"""Purpose-made lesson blocks. Each renders accessible HTML by itself."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

BODY_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text=(
            _("Describe what the image shows for people who cannot see it. Required.")
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, help_text=_("Shown above the video."))
    video = EmbedBlock(help_text=_("A link to the video, e.g. on YouTube or Vimeo."))
    transcript = blocks.RichTextBlock(
        features=BODY_FEATURES,
        help_text=_(
            "A full transcript, for people who cannot hear or watch the video."
        ),
    )

    class Meta:
        icon = "media"
        template = "blocks/video.html"


class LivedExperienceQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text=(
            _("Never a real name unless the woman asked for it, e.g. 'Service user'.")
        ),
    )

    class Meta:
        icon = "openquote"
        label = _("Lived-experience quote")
        template = "blocks/quote.html"


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text=_("A question for the learner to think about."))

    class Meta:
        icon = "help"
        template = "blocks/reflection_prompt.html"


class KeyPointBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "pick"
        template = "blocks/key_point.html"


class ContentNoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        help_text=_(
            "Tell learners what the material ahead covers, before they read it."
        )
    )

    class Meta:
        icon = "warning"
        template = "blocks/content_note.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "blocks/document.html"


class LessonBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=BODY_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    quote = LivedExperienceQuoteBlock()
    reflection_prompt = ReflectionPromptBlock()
    key_point = KeyPointBlock()
    content_note = ContentNoteBlock()
    document = DocumentBlock()
