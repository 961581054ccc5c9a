"""The page editor's forms and widgets for the course tree."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from . import publishing


def free_slug(slug: str, *, parent_page: Page, page: Page | None = None) -> str:
    """The slug itself if no sibling has it, else the first of slug-2, slug-3...
    that is free (Wagtail's own rule for slugs made from a title)."""
    candidate, suffix = slug, 1
    while not Page._slug_is_available(candidate, parent_page, page):
        suffix += 1
        candidate = f"{slug}-{suffix}"
    return candidate


ALLOW_UNICODE = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)


class AuthoringPageForm(WagtailAdminPageForm):
    """An abandoned draft never blocks a title.

    Wagtail refuses a slug a sibling already has. When that sibling is a draft
    that was never published (often an autosaved page someone left), the new
    page takes the next free slug (`-2`, `-3`...) instead: the draft keeps its
    own, so no two pages ever share an address. A clash with a page that is or
    was published is still refused, as before.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made from the title when left empty (the admin's script usually fills
        # it; without the script, or before it has run, the page makes one:
        # Page.full_clean), so a new page is never refused for want of a slug.
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title")
        if not slug and title and self.parent_page is not None:
            slug = free_slug(
                slugify(title, allow_unicode=ALLOW_UNICODE),
                parent_page=self.parent_page,
                page=self.instance,
            )
            self.cleaned_data["slug"] = slug
        if slug and self.parent_page is not None:
            siblings = self.parent_page.get_children().filter(slug=slug)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            clashes = list(siblings.values_list("live", "first_published_at"))
            if clashes and all(
                not live and published is None for live, published in clashes
            ):
                self.cleaned_data["slug"] = free_slug(
                    slug, parent_page=self.parent_page, page=self.instance
                )
        return super().clean()


class LessonPageForm(AuthoringPageForm):
    """A lesson with nothing in it yet (a new one, or a new course's "Lesson
    1") opens with an empty rich text block, ready to type into: most lessons
    start with text, and the trainer is spared two clicks to add it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields.get("body")
        if body is not None and not self.is_bound and not self.initial.get("body"):
            self.initial["body"] = body.block.to_python(
                [{"type": "rich_text", "value": ""}]
            )


def is_publishing(data) -> bool:
    """Whether the editor's button pressed publishes the page: Publish, or
    approving it in a workflow (its last step publishes)."""
    return "action-publish" in data or (
        "action-workflow-action" in data
        and data.get("workflow-action-name") == "approve"
    )


class CoursePageForm(AuthoringPageForm):
    """A course cannot go live with no live lesson or quiz."""

    def clean(self):
        cleaned_data = super().clean()
        if not is_publishing(self.data):
            return cleaned_data
        if self.instance.pk is None:
            self.add_error(None, publishing.NEW_COURSE)
        elif not publishing.has_live_step(self.instance):
            self.add_error(None, publishing.EMPTY_COURSE)
        return cleaned_data


class TopicCheckboxes(forms.CheckboxSelectMultiple):
    """Content-note topics as checkboxes, each with its description, so a
    trainer sees what each covers without looking it up."""

    option_template_name = "courses/widgets/topic_option.html"

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        topic = getattr(value, "instance", None)
        option["description"] = getattr(topic, "description", "")
        if option["description"] and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-about"
        return option
