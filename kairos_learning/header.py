"""What every page's header needs, looked up once and kept in the shared cache
until something it depends on is saved: the catalogue's URL and the support
settings (for the site), and for a signed-in person the name she is shown as
("Signed in as"), whether she manages staff ("My staff"), whether she may edit
content ("Edit content") and whether she belongs to an agency (My learning
offers "Join your agency" until she does).

kairos_learning/apps.py connects the signals that forget a cached value: a
membership saved or deleted, a person's groups, permissions or admin flags
changed, a group's permissions changed, the support settings saved, a page
published, unpublished, moved or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from wagtail.models import Page

from accounts.roles import has_admin_access
from agencies.selectors import agency_of_user, manager_scope
from core import generations
from courses.selectors import catalogue_page
from support import selectors as support_selectors

TIMEOUT = 60 * 60  # a day's changes are all signalled; this only bounds memory
# By language too: the catalogue's address is /cy/... in Welsh.
SITE_KEY = "header:site:{generation}:{host}:{language}"
PERSON_KEY = "header:person:v2:{generation}:{user_id}:{joined}"
HEADERS = "header"


@dataclass(frozen=True)
class PersonHeader:
    signed_in_as: str = ""
    manages_agency: bool = False
    can_edit_content: bool = False
    belongs_to_agency: bool = False


def _generation() -> int:
    """Moved on when a change may reach anyone (a group's permissions, a page)."""
    return generations.current(HEADERS)


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
                # Her name, or her email address if she has given no name.
                signed_in_as=str(user),
                manages_agency=manager_scope(user) is not None,
                can_edit_content=user.is_active and has_admin_access(user),
                belongs_to_agency=agency_of_user(user.pk) is not None,
            )
            cache.set(key, header, TIMEOUT)
        request._person_header = header
    return request._person_header


def forget_person(user) -> None:
    key = _person_key(user, _generation())
    cache.delete(key)
    # Again once the change commits (a reader in between saw the old data).
    transaction.on_commit(lambda: cache.delete(key))


def forget_everyone() -> None:
    generations.bump(HEADERS)


@dataclass(frozen=True)
class SiteHeader:
    catalogue_url: str
    support: object | None


def site_header(request) -> SiteHeader:
    """The catalogue's URL and the site's support settings."""
    if not hasattr(request, "_site_header"):
        key = SITE_KEY.format(
            generation=_generation(),
            host=request.get_host(),
            language=translation.get_language(),
        )
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


# Receivers (connected in apps.py) ---------------------------------------------


def on_membership_changed(sender, instance, **kwargs) -> None:
    forget_person(instance.user)


def on_person_changed(sender, instance, **kwargs) -> None:
    """Her groups, permissions or admin flags changed; from the other side (a
    group's members changed) it may reach anyone."""
    if isinstance(instance, get_user_model()):
        forget_person(instance)
    else:
        forget_everyone()


def on_anyone_changed(sender, **kwargs) -> None:
    """A group, a group's permissions, a page or the support settings changed:
    it may show in anyone's header."""
    forget_everyone()


def on_page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        forget_everyone()
