"""Emails sent at most once, each with a plain-text and an HTML part.

Every email about a moment in someone's learning (a course assigned, a date
changed, more time agreed, a course completed, answers marked) is sent from a
background task with `send_once`. The task may run again after a failure, or
twice at once on two workers; the `SentEmail` row, written in the same
transaction as the send under a unique constraint, makes the second run send
nothing. If the mail server refuses the email, the row is rolled back with it,
so the retried task sends it.

Templates: `<template>.txt` and `<template>.html`, which extend
`email/layout.txt` and `email/layout.html`. Both get `subject`, `base_url` and
whatever the caller passes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from .models import SentEmail


def absolute_url(path: str) -> str:
    """A link that works from an inbox: the site's address, then the path."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_email(*, subject: str, template: str, context: dict) -> tuple[str, str]:
    """The plain-text and HTML bodies of an email."""
    context = {
        **context,
        "subject": subject,
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
    }
    return (
        render_to_string(f"{template}.txt", context).strip() + "\n",
        render_to_string(f"{template}.html", context),
    )


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
    subject: str,
    template: str,
    context: dict,
    connection=None,
) -> bool:
    """Send the email unless one of this kind was sent before for this row (and
    version). True when it was sent by this call."""
    text, html = render_email(subject=subject, template=template, context=context)
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
