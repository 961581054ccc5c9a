"""Production settings: refuse to start without secrets; pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from badges.keys import generate_pem

ROOT = Path(__file__).resolve().parent.parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "TRUSTED_PROXY_COUNT",
            "AWS_STORAGE_BUCKET_NAME",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "BADGES_SIGNING_KEYS",
            "BADGES_SIGNING_KEYS_FILE",
        }
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="kairos_learning.settings.production", **env
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Production needs PostgreSQL and Redis; nothing connects to them for `check`.
PRODUCTION = {
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdef",
    "ALLOWED_HOSTS": "learning.example.org",
    "DATABASE_URL": "postgres://kairos@db.internal:5432/kairos",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
    "BADGES_SIGNING_KEYS": generate_pem(),
}


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "TRUSTED_PROXY_COUNT",
        "BADGES_SIGNING_KEYS",
    ],
)
def test_production_refuses_to_start_without_its_secrets(missing):
    env = dict(PRODUCTION)
    del env[missing]

    result = manage("check", **env)

    assert result.returncode != 0
    assert f"The environment variable {missing} must be set" in result.stderr


def test_production_refuses_sqlite():
    result = manage(
        "check",
        **{**PRODUCTION, "DATABASE_URL": "sqlite:////tmp/kairos-deploy.sqlite3"},
    )

    assert result.returncode != 0
    assert "Production needs PostgreSQL" in result.stderr


@pytest.mark.parametrize("bucket", ["", "kairos-media"])
def test_production_settings_pass_the_deploy_check(bucket):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME=bucket,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_signing_key_that_is_not_ed25519():
    result = manage("check", **{**PRODUCTION, "BADGES_SIGNING_KEYS": "not a key"})

    assert result.returncode != 0
    assert "badges.E001" in result.stderr


def test_production_reads_the_signing_keys_from_a_file(tmp_path):
    key_file = tmp_path / "badges.pem"
    key_file.write_text(generate_pem())
    env = {
        key: value for key, value in PRODUCTION.items() if key != "BADGES_SIGNING_KEYS"
    }

    result = manage("check", **env, BADGES_SIGNING_KEYS_FILE=str(key_file))

    assert result.returncode == 0, result.stderr
