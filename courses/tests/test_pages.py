import pytest
from django.core.exceptions import ValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from courses.blocks import ImageBlock, LessonBodyBlock
from courses.models import CourseIndexPage, CoursePage, LessonPage
from kairos_learning.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (HomePage, Page, True),
        (CourseIndexPage, HomePage, True),
        (CoursePage, CourseIndexPage, True),
        (LessonPage, CoursePage, True),
        (CoursePage, HomePage, False),
        (LessonPage, CourseIndexPage, False),
        (LessonPage, HomePage, False),
        (CoursePage, CoursePage, False),
        (LessonPage, LessonPage, False),
        (CourseIndexPage, CoursePage, False),
    ],
)
def test_page_type_rules_keep_the_tree_valid(child, parent, allowed):
    assert (child in parent.allowed_subpage_models()) is allowed
    assert (parent in child.allowed_parent_page_models()) is allowed


def test_only_one_catalogue(catalogue, home):
    assert not CourseIndexPage.can_create_at(home)


def render(block_type, value):
    block = LessonBodyBlock()
    stream = block.to_python([{"type": block_type, "value": value}])
    return stream.render_as_block()


def test_quote_block_renders_a_figure_with_attribution():
    html = render(
        "quote", {"quote": "You are my lifeline.", "attribution": "Service user"}
    )

    assert "<blockquote><p>You are my lifeline.</p></blockquote>" in html
    assert "<figcaption>— Service user</figcaption>" in html


def test_callout_blocks_are_labelled_landmarks():
    assert 'aria-label="Content note"' in render("content_note", {"text": "Abuse."})
    assert 'aria-label="Key point"' in render("key_point", {"text": "<p>Listen.</p>"})
    assert "Pause and reflect" in render("reflection_prompt", {"prompt": "What helps?"})


def test_heading_block_uses_the_chosen_level():
    assert "<h3>Release day</h3>" in render(
        "heading", {"text": "Release day", "level": "h3"}
    )


def test_image_block_requires_alt_text():
    image = Image.objects.create(title="Hub", file=get_test_image_file())
    block = ImageBlock()

    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))


def test_image_block_renders_its_alt_text():
    image = Image.objects.create(title="Hub", file=get_test_image_file())

    html = render(
        "image", {"image": image.pk, "alt_text": "A quiet room", "caption": ""}
    )

    assert 'alt="A quiet room"' in html


def test_video_block_comes_with_its_transcript():
    url = "https://www.youtube.com/watch?v=kairos"
    # A cached embed, so rendering needs no network.
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html="<iframe title='Talk'></iframe>",
    )

    html = render(
        "video", {"title": "A talk", "video": url, "transcript": "<p>Every word.</p>"}
    )

    assert "<iframe title='Talk'></iframe>" in html
    assert "Read the transcript of “A talk”" in html
    assert "<p>Every word.</p>" in html


def test_the_course_page_gives_each_lessons_time(client, course):
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    LessonPage.objects.filter(pk=lessons[0].pk).update(estimated_minutes=17)
    content = client.get(course.url).content.decode()
    assert "17 min" in content
    for lesson in lessons[1:]:
        assert f"{lesson.estimated_minutes} min" in content
