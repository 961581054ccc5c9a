"""What every page's header needs, looked up once and kept in the shared cache
until something it depends on is saved: the catalogue's URL and the support
settings (for the site), and for a signed-in person whether she manages staff
("My staff") and whether she may edit content ("Edit content").

kairos_learning/apps.py connects the signals that forget a cached value: a
membership saved or deleted, a person's groups, permissions or admin flags
changed, a group's permissions changed, the support settings saved, a page
published, unpublished, moved or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from accounts.roles import has_admin_access
from agencies.selectors import manager_scope
from courses.selectors import catalogue_page
from support import selectors as support_selectors

TIMEOUT = 60 * 60  # a day's changes are all signalled; this only bounds memory
SITE_KEY = "header:site:{generation}:{host}"
PERSON_KEY = "header:person:{generation}:{user_id}:{joined}"
GENERATION_KEY = "header:generation"


@dataclass(frozen=True)
class PersonHeader:
    manages_agency: bool = False
    can_edit_content: bool = False


def _generation() -> int:
    """Bumped when a change may reach anyone (a group's permissions)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, None)
    return generation


def _person_key(user, generation: int) -> str:
    # Her join time too: a new account never inherits an erased one's id.
    joined = int(user.date_joined.timestamp()) if user.date_joined else 0
    return PERSON_KEY.format(generation=generation, user_id=user.pk, joined=joined)


def person_header(request) -> PersonHeader:
    """For the signed-in person; once per request, cached across requests."""
    user = request.user
    if not user.is_authenticated:
        return PersonHeader()
    if not hasattr(request, "_person_header"):
        key = _person_key(user, _generation())
        header = cache.get(key)
        if header is None:
            header = PersonHeader(
                manages_agency=manager_scope(user) is not None,
                can_edit_content=user.is_active and has_admin_access(user),
            )
            cache.set(key, header, TIMEOUT)
        request._person_header = header
    return request._person_header


def forget_person(user) -> None:
    cache.delete(_person_key(user, _generation()))


def forget_everyone() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


@dataclass(frozen=True)
class SiteHeader:
    catalogue_url: str
    support: object | None


def site_header(request) -> SiteHeader:
    """The catalogue's URL and the site's support settings."""
    if not hasattr(request, "_site_header"):
        key = SITE_KEY.format(generation=_generation(), host=request.get_host())
        header = cache.get(key)
        if header is None:
            page = catalogue_page()
            header = SiteHeader(
                catalogue_url=page.get_url(request) if page else "/",
                support=support_selectors.support_settings(request),
            )
            cache.set(key, header, TIMEOUT)
        request._site_header = header
    return request._site_header


def forget_site(*args, **kwargs) -> None:
    forget_everyone()
