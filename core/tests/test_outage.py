"""While the database is unreachable: a plain 503 page, not a 500."""

import logging
import sqlite3
from unittest import mock

import psycopg
import pytest
from django.db import OperationalError
from django.test import Client

from core import faults, outage

pytestmark = pytest.mark.django_db

TEXT = "The site is having a short break. Your work is saved; try again in a minute."


def _lost_connection():
    return OperationalError("connection to server at 127.0.0.1 failed: refused")


def _deadlock():
    error = OperationalError("deadlock detected")
    error.__cause__ = psycopg.errors.DeadlockDetected()
    return error


def _sqlite_missing_table():
    error = OperationalError("no such table: courses_enrolment")
    error.__cause__ = sqlite3.OperationalError("no such table: courses_enrolment")
    return error


@pytest.mark.parametrize(
    ("error", "lost"),
    [
        (psycopg.OperationalError("connection refused"), True),
        (psycopg.errors.AdminShutdown(), True),
        (psycopg.errors.TooManyConnections(), True),
        (psycopg.errors.DeadlockDetected(), False),
        (psycopg.errors.QueryCanceled(), False),
    ],
)
def test_which_postgresql_errors_mean_the_database_is_away(error, lost):
    wrapped = OperationalError(str(error))
    wrapped.__cause__ = error
    assert outage.is_connection_failure(wrapped) is lost


@pytest.fixture(autouse=True)
def _fresh_warnings():
    faults.forget_warnings()
    yield
    faults.forget_warnings()


def test_a_view_that_loses_the_database_answers_503_with_retry_after(caplog):
    client = Client(raise_request_exception=False)
    with (
        mock.patch("certificates.views.render", side_effect=_lost_connection()),
        caplog.at_level(logging.WARNING),
    ):
        responses = [client.get("/certificates/verify/") for _ in range(3)]
    for response in responses:
        assert response.status_code == 503
        assert TEXT in response.content.decode()
        assert response["Retry-After"] == "60"
    assert [r.levelname for r in caplog.records] == ["WARNING"]


def test_a_middleware_that_loses_the_database_answers_503(client, learner, caplog):
    client.force_login(learner)
    client.raise_request_exception = False
    with (
        mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.load",
            side_effect=_lost_connection(),
        ),
        caplog.at_level(logging.WARNING),
    ):
        response = client.get("/my-learning/")
    assert response.status_code == 503
    assert TEXT in response.content.decode()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.parametrize("error", [_deadlock, _sqlite_missing_table])
def test_other_database_errors_are_still_server_errors(error):
    client = Client(raise_request_exception=False)
    with mock.patch("certificates.views.render", side_effect=error()):
        response = client.get("/certificates/verify/")
    assert response.status_code == 500
