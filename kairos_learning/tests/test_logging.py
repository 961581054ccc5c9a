"""Structured logs: JSON lines that carry the request's id."""

import json
import logging

import pytest
from django.http import HttpResponse

from kairos_learning.logging import (
    AccessJsonFormatter,
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
)


def _record(message="Certificate %s did not render", args=(42,), **extra):
    record = logging.LogRecord(
        "certificates.services", logging.ERROR, __file__, 1, message, args, None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_a_log_line_is_one_json_object_with_the_usual_fields():
    line = JsonFormatter().format(_record())

    data = json.loads(line)
    assert "\n" not in line
    assert data["level"] == "ERROR"
    assert data["logger"] == "certificates.services"
    assert data["message"] == "Certificate 42 did not render"
    assert data["timestamp"]


def test_lines_written_during_a_request_carry_its_id(rf):
    seen = {}

    def view(request):
        record = _record()
        RequestIdFilter().filter(record)
        seen["line"] = json.loads(JsonFormatter().format(record))
        return HttpResponse()

    response = RequestIdMiddleware(view)(rf.get("/"))

    assert seen["line"]["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("lb-3f2a9c1e-77d0", True),
        ('"><script>alert(1)</script>', False),
        ("x" * 200, False),
    ],
)
def test_the_load_balancers_request_id_is_kept_only_if_it_looks_like_one(
    rf, settings, sent, kept
):
    settings.TRUSTED_PROXY_COUNT = 1
    response = RequestIdMiddleware(lambda request: HttpResponse())(
        rf.get("/", HTTP_X_REQUEST_ID=sent)
    )

    assert (response["X-Request-ID"] == sent) is kept


def test_without_a_trusted_proxy_a_clients_request_id_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0

    response = RequestIdMiddleware(lambda request: HttpResponse())(
        rf.get("/", HTTP_X_REQUEST_ID="forged-request-id")
    )

    assert response["X-Request-ID"] != "forged-request-id"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (
            "/accounts/password-reset/MQ/cf7x-1a2b3c/",
            "/accounts/password-reset/<uidb64>/<token>/",
        ),
        (
            "/accounts/password-reset/MQ/set-password/",
            "/accounts/password-reset/<uidb64>/<token>/",
        ),
        ("/accounts/password-reset/sent/", "/accounts/password-reset/sent/"),
        ("/join/Zx81-invitation-token/", "/join/<token>/"),
        ("/certificates/verify/SeCrEt-ToKeN/", "/certificates/verify/<token>/"),
        ("/certificates/verify/", "/certificates/verify/"),
    ],
)
def test_secrets_in_paths_never_reach_the_access_log(path, logged):
    atoms = {"m": "GET", "U": path, "s": "302", "h": "10.0.0.9"}
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        "%(m)s %(U)s %(s)s",
        (atoms,),
        None,
    )

    data = json.loads(AccessJsonFormatter().format(record))

    assert data["path"] == logged
    assert data["message"] == f"GET {logged} 302"


def test_outside_a_request_there_is_no_request_id():
    record = _record()
    RequestIdFilter().filter(record)

    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_gunicorn_access_lines_are_json_without_the_query_string():
    atoms = {
        "h": "10.0.0.9",
        "m": "GET",
        "U": "/certificates/verify/",
        "q": "token=secret",
        "s": "200",
        "B": 512,
        "M": 17,
        "a": 'Mozilla/5.0 "quoted"',
        "{x-request-id}o": "abc123def456",
    }
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        "%(m)s %(U)s %(s)s",
        (atoms,),
        None,
    )

    data = json.loads(AccessJsonFormatter().format(record))

    assert data["message"] == "GET /certificates/verify/ 200"
    assert data["status"] == 200
    assert data["duration_ms"] == 17
    assert data["user_agent"] == 'Mozilla/5.0 "quoted"'
    assert data["request_id"] == "abc123def456"
    assert "secret" not in json.dumps(data)


@pytest.mark.parametrize(
    ("name", "kwargs", "secrets"),
    [
        (
            "accounts:password_reset_confirm",
            {"uidb64": "MQ", "token": "cf7x-1a2b3c"},
            ["MQ", "cf7x-1a2b3c"],
        ),
        ("agencies:accept_invitation", {"token": "Zx81-invite"}, ["Zx81-invite"]),
        ("certificates:verify", {"token": "SeCrEt-ToKeN"}, ["SeCrEt-ToKeN"]),
    ],
)
def test_every_url_that_carries_a_secret_is_masked(name, kwargs, secrets):
    """Built from the URLs themselves: a route that moves cannot slip past the mask."""
    from django.urls import reverse

    from kairos_learning.logging import redact_path

    logged = redact_path(reverse(name, kwargs=kwargs))

    assert not any(secret in logged for secret in secrets), logged
