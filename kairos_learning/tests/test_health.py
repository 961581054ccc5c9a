"""The load balancer's health check: 200 when the database and cache answer,
503 naming what failed, and nothing a visitor could learn from."""

import json

import pytest
from django.db import OperationalError, connections

from kairos_learning import health

pytestmark = pytest.mark.django_db


def test_healthy_process_answers_200_without_cookies_or_caching(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_head_is_answered_too(client):
    assert client.head("/health/").status_code == 200


def test_database_down_answers_503_naming_it_and_nothing_more(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to db.internal:5432 as kairos")

    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "failed", "cache": "ok"},
    }
    assert b"db.internal" not in response.content


def test_cache_down_answers_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis.internal:6379")

    monkeypatch.setattr(health.cache, "set", refuse)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed"}
    assert b"redis" not in response.content


def test_only_get_and_head(client):
    assert client.post("/health/").status_code == 405


def test_production_middleware_answers_any_host_before_the_https_redirect(
    client, settings
):
    """The probe uses the instance's own address and plain HTTP."""
    settings.MIDDLEWARE = [
        "kairos_learning.health.HealthCheckMiddleware",
        *settings.MIDDLEWARE,
    ]
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["learning.example.org"]

    response = client.get("/health/", HTTP_HOST="10.0.3.17:8000")

    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"
    # Every other path still refuses an unknown host.
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400


def test_the_load_balancer_can_ask_for_the_database_alone(client, monkeypatch):
    """The site works around a dead cache, so the load balancer's probe leaves
    it out; monitoring still sees it fail."""

    def refuse(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(health.cache, "set", refuse)
    only_database = client.get("/health/?checks=database")
    assert only_database.status_code == 200
    assert only_database.json()["checks"] == {"database": "ok"}
    assert client.get("/health/").status_code == 503
