"""Emails sent at most once, each with a plain-text and an HTML part, in the
language of the person who reads them.

Every email about a moment in someone's learning (a course assigned, a date
changed, more time agreed, a course completed, answers marked) is sent from a
background task with `send_once`. The task may run again after a failure, or
twice at once on two workers; the `SentEmail` row, written in the same
transaction as the send under a unique constraint, makes the second run send
nothing. If the mail server refuses the email, the row is rolled back with it,
so the retried task sends it.

Her language: the subject and both bodies are rendered inside
`core.languages.speaking_to(recipient)`, so an email to someone who reads Welsh
is Welsh, whatever language the task runs in. For that, the caller gives the
subject as a callable (or a lazy string), read inside her language:

    subject=lambda: _("Your answers in “%(quiz)s” have been marked") % {...}

and builds links with `absolute_url`: each link to our site in the context is
put into the reader's language when the email is rendered (/cy/... for Welsh).

Templates: `<template>.txt` and `<template>.html`, which extend
`email/layout.txt` and `email/layout.html`. Both get `subject`, `base_url` and
whatever the caller passes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.functional import Promise

from . import languages
from .models import SentEmail

Subject = str | Promise | Callable[[], str]


def in_active_language(path: str) -> str:
    """The same address in the language active now: /cy/x/ for /x/ while
    Welsh is active, /x/ for /cy/x/ while English is. Addresses outside the
    translated part of the site (the admin) are unchanged."""
    wanted = translation.get_language() or settings.LANGUAGE_CODE
    written_in = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    if languages.supported(wanted) == written_in:
        return path
    # Read the address in its own language, then write it in hers.
    with translation.override(written_in):
        return translate_url(path, wanted)


def absolute_url(path: str) -> str:
    """A link that works from an inbox: the site's address, then the path."""
    return _base_url() + path


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def links_in_active_language(context: dict) -> dict:
    """The context with each link to our site (a text value starting with the
    site's address, as `absolute_url` makes them) put in the active language:
    a link made before `speaking_to`, in the task's language, still takes her
    to the page in hers."""
    base = _base_url()
    localised = {}
    for key, value in context.items():
        if isinstance(value, str) and value.startswith(base + "/"):
            value = base + in_active_language(value[len(base) :])
        localised[key] = value
    return localised


def render_email(*, subject: str, template: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML bodies of an email, in the active language."""
    context = {
        **context,
        "subject": subject,
        "base_url": _base_url(),
    }
    return (
        render_to_string(f"{template}.txt", context).strip() + "\n",
        render_to_string(f"{template}.html", context),
    )


def recipient_for(*, to: str, context: dict, recipient=None):
    """Who reads the email: the user given, the context's `recipient`, or the
    active account using the address (an invitation to someone who has an
    account already); None for an address with no account."""
    if recipient is None:
        recipient = context.get("recipient")
    if recipient is not None:
        return recipient
    return get_user_model().objects.filter(email__iexact=to, is_active=True).first()


def in_language_of(recipient):
    """Render inside her language when she is someone we know; otherwise in
    the language active now (the one the asker used)."""
    if recipient is None or not hasattr(recipient, "preferred_language"):
        return nullcontext()
    return languages.speaking_to(recipient)


def read_subject(subject: Subject) -> str:
    return str(subject() if callable(subject) else subject)


def already_sent(*, kind: str, object_id: int, version: str = "") -> bool:
    return SentEmail.objects.filter(
        kind=kind, object_id=object_id, version=version
    ).exists()


def send_once(
    *,
    kind: str,
    object_id: int,
    version: str = "",
    to: str,
    subject: Subject,
    template: str,
    context: dict,
    connection=None,
    recipient=None,
) -> bool:
    """Send the email unless one of this kind was sent before for this row (and
    version). True when it was sent by this call. Written in the language of
    `recipient` (by default the context's, or the account using `to`)."""
    reader = recipient_for(to=to, context=context, recipient=recipient)
    with in_language_of(reader):
        subject = read_subject(subject)
        text, html = render_email(
            subject=subject,
            template=template,
            context=links_in_active_language(context),
        )
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], connection=connection
    )
    message.attach_alternative(html, "text/html")
    try:
        with transaction.atomic():
            SentEmail.objects.create(kind=kind, object_id=object_id, version=version)
            message.send()
    except IntegrityError:
        return False  # sent already, by an earlier or a parallel run
    return True
