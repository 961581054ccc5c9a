"""What learners may reach: one rule for every course, lesson and quiz.

A page is visible to a learner only if it is live, every page above it is live
(Wagtail routes through an unpublished course to its live lessons, so a page's
own `live` is not enough), and every view restriction on it or above it lets
this visitor in (Wagtail's own test, `accept_request`: signed in, in a group,
or the password already given this session).

Every learner-facing URL, list and search result that names one of these pages
asks this module (`courses.selectors` re-exports it). It imports none of our
apps, so `quizzes` and `reflections` use it without an import cycle.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def _has_unpublished_ancestor() -> Exists:
    # An ancestor's path is the start of the page's path (Wagtail's tree).
    return Exists(
        Page.objects.filter(
            live=False,
            depth__lt=OuterRef("depth"),
            path=Substr(OuterRef("path"), 1, Length("path")),
        )
    )


def _closed_sections(request) -> list[str]:
    """The paths of restricted sections this visitor may not enter (with no
    request: every restricted section)."""
    return [
        restriction.page.path
        for restriction in PageViewRestriction.objects.select_related("page")
        if request is None or not restriction.accept_request(request)
    ]


def visible_to_learners(queryset: QuerySet, *, request=None) -> QuerySet:
    """The pages of `queryset` a learner may reach: live, under live pages only,
    and in no restricted section closed to this request's visitor."""
    queryset = queryset.filter(live=True).exclude(_has_unpublished_ancestor())
    closed = _closed_sections(request)
    if closed:
        queryset = queryset.exclude(
            reduce(or_, (Q(path__startswith=path) for path in closed))
        )
    return queryset


def is_visible(page: Page, *, request=None) -> bool:
    """Whether a learner may reach this page (see `visible_to_learners`)."""
    return visible_to_learners(
        Page.objects.filter(pk=page.pk), request=request
    ).exists()
