"""Sending once: the marker and the email commit together."""

import pytest
from django.core import mail

from core import emails
from core.models import SentEmail

pytestmark = pytest.mark.django_db


def _send(**overrides):
    values = {
        "kind": "answers_marked",
        "object_id": 7,
        "to": "leah@example.org",
        "subject": "Your answers in “Safety & trust” have been marked",
        "template": "quizzes/email/attempt_marked",
        "context": {
            "recipient": type("R", (), {"get_short_name": "Leah"})(),
            "attempt": {"quiz": {"title": "Safety & trust"}},
            "url": emails.absolute_url("/quizzes/attempts/7/"),
            "optional": True,
        },
    }
    return emails.send_once(**{**values, **overrides})


def test_an_email_is_sent_once_with_a_text_and_an_html_part():
    assert _send() is True
    assert _send() is False  # a retried task
    [message] = mail.outbox
    text, html = message.body, message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "“Safety & trust”" in text  # plain text is not HTML-escaped
    assert "Safety &amp; trust" in html  # and the HTML is
    assert "http://127.0.0.1:8000/quizzes/attempts/7/" in text
    assert "/accounts/notifications/" in text  # where to turn it off
    assert SentEmail.objects.count() == 1


def test_another_version_of_the_same_event_is_sent():
    _send(version="2026-12-01")
    _send(version="2026-12-08")
    assert len(mail.outbox) == 2


def test_a_send_that_fails_leaves_no_marker_so_the_retry_sends(settings):
    settings.EMAIL_BACKEND = "core.tests.test_emails.RefusingBackend"
    with pytest.raises(ConnectionRefusedError):
        _send()
    assert not SentEmail.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert _send() is True
    assert len(mail.outbox) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
