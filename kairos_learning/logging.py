"""Structured logs: one JSON object per line, with the request's id.

Used by the production settings (Django's LOGGING) and by gunicorn.conf.py (the
access log), so this module must not import Django settings at import time.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from pythonjsonlogger.json import JsonFormatter as _BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=""
)
# An id the load balancer sent is kept only if it looks like one.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Give every request an id (the load balancer's, or a new one), put it on
    the log lines written while the request runs, and return it in a header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        # Only a proxy we trust may name the request; a client's header is ignored.
        sent = (
            request.headers.get(REQUEST_ID_HEADER, "")
            if settings.TRUSTED_PROXY_COUNT
            else ""
        )
        request_id = sent if _VALID_ID.match(sent) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or None
        return True


class JsonFormatter(_BaseJsonFormatter):
    """timestamp, level, logger, message, then any extra fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # Django attaches the request object to its request log lines: its
        # repr adds nothing the access log does not already say.
        log_data.pop("request", None)
        if log_data.get("request_id") is None:
            log_data.pop("request_id", None)


# Paths that carry a secret (password-reset links, invitation links, certificate
# verification tokens): the secret part never reaches the logs.
_SECRET_PATHS = [
    (
        re.compile(r"^/accounts/password-reset/(?!sent/|complete/)[^/]+/[^/]+/"),
        "/accounts/password-reset/<uidb64>/<token>/",
    ),
    (
        re.compile(r"^/accounts/sign-up/(?!sent/)[^/]+/"),
        "/accounts/sign-up/<token>/",
    ),
    (re.compile(r"^/join/[^/]+/"), "/join/<token>/"),
    (re.compile(r"^/certificates/verify/[^/]+/"), "/certificates/verify/<token>/"),
]


def redact_path(path: str) -> str:
    for pattern, replacement in _SECRET_PATHS:
        path = pattern.sub(replacement, path)
    return path


# Gunicorn access log atoms: https://docs.gunicorn.org/en/stable/settings.html
_ACCESS_FIELDS = {
    "remote_addr": "h",
    "method": "m",
    "path": "U",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "user_agent": "a",
    "request_id": "{x-request-id}o",
}


class AccessJsonFormatter(JsonFormatter):
    """Gunicorn's access log as JSON: the request's fields, escaped properly.
    The query string is left out and secrets in paths are masked: both can
    carry tokens."""

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else None
        if not atoms:
            return
        atoms = {**atoms, "U": redact_path(str(atoms.get("U", "")))}
        log_data["message"] = f"{atoms.get('m', '')} {atoms['U']} {atoms.get('s', '')}"
        for field, atom in _ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if value in (None, "-"):
                continue
            if field in {"status", "bytes", "duration_ms"}:
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    continue
            log_data[field] = value
