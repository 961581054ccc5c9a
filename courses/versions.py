"""Which version of a course she completed: the published revision of the
course page and of each of its steps, a fingerprint of their content, and the
date of the latest publication among them.

The fingerprint is a SHA-256 of the published content only (titles, bodies,
settings, in page order), not of Wagtail's bookkeeping (revision ids,
publication dates, locks), so publishing the same content again keeps it, and
any change to what a learner reads changes it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from dataclasses import dataclass

from wagtail.models import Page, Revision

from .models import CoursePage

SHORT = 12  # hex characters shown beside the version's date


@dataclass(frozen=True)
class PublishedVersion:
    course_revision_id: int | None
    published_at: datetime.datetime | None
    fingerprint: str
    steps: list[dict]


@functools.cache
def _bookkeeping() -> frozenset[str]:
    """Keys of a page's content that are Wagtail's records, not what she reads:
    every field of the base page except its title."""
    names = set()
    for field in Page._meta.concrete_fields:
        names.update({field.name, field.attname})
    return frozenset((names - {"title"}) | {"pk", "page_ptr", "comments"})


def _without_ids(value):
    """Child rows (tags, related items) without their own row ids, which may
    change when the same content is saved again."""
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "pk"}
    return value


def version_published_at(pages) -> datetime.datetime | None:
    """The rule for a version's date: the latest publication of the course or
    of any of its live steps (republishing one lesson makes a new version)."""
    published = [page.last_published_at for page in pages if page.last_published_at]
    return max(published) if published else None


def page_content(data: dict) -> dict:
    """The content of one page's serialised data (a revision's `content`)."""
    skip = _bookkeeping()
    return {key: _without_ids(value) for key, value in data.items() if key not in skip}


def fingerprint(contents: list[dict]) -> str:
    """SHA-256 of the pages' content, in order (the course first, then its steps)."""
    text = json.dumps(
        [page_content(data) for data in contents],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _published_content(pages: list[Page]) -> list[dict]:
    """Each page's published content: its live revision (one query for all),
    else, for a page published without one, the page as stored."""
    revisions = Revision.objects.filter(
        pk__in=[page.live_revision_id for page in pages if page.live_revision_id]
    ).in_bulk()
    contents = []
    for page in pages:
        revision = revisions.get(page.live_revision_id)
        contents.append(
            revision.content if revision else page.specific.serializable_data()
        )
    return contents


def published_version(course: CoursePage) -> PublishedVersion:
    """The course as it is published now: three queries (its live steps, their
    revisions, and the course's own row fresh from the database)."""
    course = CoursePage.objects.get(pk=course.pk)
    steps = list(
        Page.objects.live()
        .child_of(course)
        .order_by("path")
        .only("id", "title", "live_revision_id", "last_published_at", "content_type")
    )
    pages = [course, *steps]
    return PublishedVersion(
        course_revision_id=course.live_revision_id,
        published_at=version_published_at(pages),
        fingerprint=fingerprint(_published_content(pages)),
        steps=[
            {
                "page_id": step.pk,
                "revision_id": step.live_revision_id,
                "title": step.title,
            }
            for step in steps
        ],
    )


# For data migrations, which must use the models as they were then ------------


def _content_in_migration(apps, page) -> dict:
    if page.live_revision_id:
        revision = (
            apps.get_model("wagtailcore", "Revision")
            .objects.filter(pk=page.live_revision_id)
            .first()
        )
        if revision is not None:
            return revision.content
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(
        pk=page.content_type_id
    )
    model = apps.get_model(content_type.app_label, content_type.model)
    specific = model.objects.get(pk=page.pk)
    return {
        field.name: field.value_to_string(specific)
        for field in model._meta.concrete_fields
    }


def published_version_in_migration(apps, course_id: int) -> dict:
    """`published_version` for a backfill, from the migration's models: the
    fields of a `Completion` for this course as it is published now."""
    Page = apps.get_model("wagtailcore", "Page")
    course = Page.objects.get(pk=course_id)
    steps = list(
        Page.objects.filter(
            path__startswith=course.path, depth=course.depth + 1, live=True
        ).order_by("path")
    )
    pages = [course, *steps]
    return {
        "course_revision_id": course.live_revision_id,
        "version_published_at": version_published_at(pages),
        "fingerprint": fingerprint([_content_in_migration(apps, p) for p in pages]),
        "steps": [
            {"page_id": s.pk, "revision_id": s.live_revision_id, "title": s.title}
            for s in steps
        ],
    }
