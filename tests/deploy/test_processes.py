"""Two web processes and a task worker share nothing but PostgreSQL, the cache
and the file storage.

Real processes with the production settings: two gunicorn servers on loopback
ports and one `manage.py db_worker`, over a PostgreSQL database and a Redis key
prefix made for this test, with a temporary directory standing in for the
bucket. A learner signs in on web A, carries on with the same cookie on web B,
completes a course there; the worker (never a web process: they only enqueue)
renders her certificate, and web A hands her the PDF. A rate-limit counter
raised through A stops the same client on B.

It runs in the PostgreSQL pass of the suite (DATABASE_URL is PostgreSQL), which
CI always makes: it brings its own database either way, so running it in the
SQLite pass as well would only double its minute. Without PostgreSQL or Redis
it skips, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from badges.keys import generate_pem

ROOT = Path(__file__).resolve().parent.parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_DB = 13  # not 0; the test's keys also carry a prefix of their own
LEARNER_EMAIL = "deploy-learner@example.org"
LEARNER_PASSWORD = "a-long-test-password-4417"
WORKER_ID = "deploy-test-worker"
VERIFY_RATE = 3

SEED = f"""
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from courses.tests.factories import CourseIndexPageFactory, make_course
from kairos_learning.models import HomePage

home = Page.get_first_root_node().add_child(
    instance=HomePage(title="Kairos Learning", slug="kairos-deploy")
)
Site.objects.update_or_create(
    is_default_site=True,
    defaults={{"hostname": "localhost", "root_page": home, "site_name": "Kairos"}},
)
catalogue = CourseIndexPageFactory(parent=home)
course = make_course(catalogue=catalogue, lessons=1, title="Deploy check course")
get_user_model().objects.create_user(
    email="{LEARNER_EMAIL}", password="{LEARNER_PASSWORD}", full_name="Dee Ploy"
)
print(json.dumps({{
    "course": course.pk,
    "lessons": [lesson.pk for lesson in course.get_children().live()],
}}))
"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str):
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: the deployment test must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def services():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL)")
    try:
        psycopg.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg.Error as error:
        _unavailable(f"PostgreSQL is not reachable on 127.0.0.1:5432: {error}")
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        _unavailable(f"Redis is not reachable on 127.0.0.1:6379: {error}")

    name = f"kairos_deploy_{secrets.token_hex(4)}"
    prefix = f"kairos-deploy-{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {
            "database": name,
            "database_url": f"postgres://postgres@127.0.0.1:5432/{name}",
            "redis_url": f"redis://127.0.0.1:6379/{REDIS_DB}",
            "cache_prefix": prefix,
            "redis": client,
        }
    finally:
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Start processes in their own process groups; stop every one of them."""

    def __init__(self, env: dict, logs: Path):
        self.env = env
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str, **extra_env: str) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.running[name] = subprocess.Popen(  # noqa: S603 - fixed arguments
            args,
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def run(self, *args: str, timeout: int = 180) -> str:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            args,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, f"{args} failed:\n{result.stderr[-3000:]}"
        return result.stdout

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def tails(self) -> str:
        return "\n".join(
            f"--- {name} ---\n{self.log(name)[-2000:]}" for name in self.running
        )

    def stop_all(self) -> None:
        for process in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def _wait_healthy(
    name: str, base: str, processes: Processes, timeout: float = 60
) -> None:
    """Wait until *this* server answers /health/: it must still be running and
    have said it listens on the port (another program could have taken it)."""
    listening = f"Listening at: {base}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if processes.running[name].poll() is not None:
            pytest.fail(f"{name} stopped before it was ready\n{processes.tails()}")
        if listening in processes.log(name):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/health/", timeout=2).status_code == 200:
                    return
        time.sleep(0.3)
    pytest.fail(f"{base} never became healthy\n{processes.tails()}")


def _wait_for(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _csrf(session: requests.Session) -> str:
    return session.cookies.get("csrftoken", domain="127.0.0.1")


@pytest.fixture
def deployment(services, tmp_path_factory):
    shared = tmp_path_factory.mktemp("bucket")  # stands in for S3
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kairos_learning.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        BADGES_SIGNING_KEYS=generate_pem(),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=services["database_url"],
        REDIS_URL=services["redis_url"],
        TRUSTED_PROXY_COUNT="0",  # clients talk to gunicorn directly here
        CACHE_KEY_PREFIX=services["cache_prefix"],
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        MEDIA_ROOT=str(shared / "media"),
        PRIVATE_MEDIA_ROOT=str(shared / "private"),
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        CERTIFICATE_VERIFY_RATE=str(VERIFY_RATE),
        WEB_CONCURRENCY="1",
        PYTHONUNBUFFERED="1",
    )
    processes = Processes(env, tmp_path_factory.mktemp("logs"))
    python = sys.executable
    try:
        # The build step and the release step, side by side.
        processes.start(
            "collectstatic", python, "manage.py", "collectstatic", "--noinput"
        )
        processes.run(python, "manage.py", "migrate", "--noinput")
        output = processes.run(python, "manage.py", "shell", "-c", SEED)
        # The last line: log lines (JSON too, on stdout) may come before it.
        seeded = json.loads(output.strip().splitlines()[-1])
        processes.start(
            "worker",
            python,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.5",
            "--no-startup-delay",
            "--worker-id",
            WORKER_ID,
        )
        assert processes.running["collectstatic"].wait(timeout=180) == 0, processes.log(
            "collectstatic"
        )
        bases = {}
        for name in ("web_a", "web_b"):
            port = _free_port()
            gunicorn = str(Path(python).with_name("gunicorn"))
            processes.start(
                name,
                gunicorn,
                "-c",
                "gunicorn.conf.py",
                GUNICORN_BIND=f"127.0.0.1:{port}",
            )
            bases[name] = f"http://127.0.0.1:{port}"
        for name, base in bases.items():
            _wait_healthy(name, base, processes)
        yield {**bases, **seeded, "processes": processes, "shared": shared}
    finally:
        processes.stop_all()


def _task_runs(database: str) -> list[tuple[str, str, list]]:
    with psycopg.connect(dbname=database, **PG) as connection:
        return connection.execute(
            "SELECT task_path, status, worker_ids "
            "FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        ).fetchall()


def test_two_web_processes_and_a_worker_share_only_database_cache_and_storage(
    deployment, services
):
    web_a, web_b = deployment["web_a"], deployment["web_b"]
    processes = deployment["processes"]

    # Sign in on A.
    on_a = requests.Session()
    on_a.get(f"{web_a}/accounts/sign-in/", timeout=10).raise_for_status()
    signed_in = on_a.post(
        f"{web_a}/accounts/sign-in/",
        data={
            "username": LEARNER_EMAIL,
            "password": LEARNER_PASSWORD,
            "csrfmiddlewaretoken": _csrf(on_a),
        },
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    assert on_a.cookies.get("sessionid", domain="127.0.0.1")

    # The same cookies on B: the session is in PostgreSQL and Redis, not in A.
    on_b = requests.Session()
    for name in ("sessionid", "csrftoken"):
        on_b.cookies.set(
            name, on_a.cookies.get(name, domain="127.0.0.1"), domain="127.0.0.1"
        )
    my_learning = on_b.get(f"{web_b}/my-learning/", allow_redirects=False, timeout=10)
    assert my_learning.status_code == 200, "B does not know A's session"

    # Enrol and complete the course on B.
    headers = {"X-CSRFToken": _csrf(on_b)}
    enrolled = on_b.post(
        f"{web_b}/my-learning/courses/{deployment['course']}/enrol/",
        headers=headers,
        allow_redirects=False,
        timeout=10,
    )
    assert enrolled.status_code == 302, enrolled.text[:2000]
    for lesson in deployment["lessons"]:
        done = on_b.post(
            f"{web_b}/my-learning/lessons/{lesson}/complete/",
            headers=headers,
            allow_redirects=False,
            timeout=10,
        )
        assert done.status_code == 302, done.text[:2000]

    # The worker renders the certificate; A lists it and hands over the PDF.
    deadline = time.monotonic() + 60
    pdf = None
    while time.monotonic() < deadline:
        mine = on_a.get(f"{web_a}/certificates/", timeout=10)
        link = re.search(r"/certificates/(\d+)/download/", mine.text)
        if link:
            pdf = on_a.get(f"{web_a}{link.group(0)}", timeout=30)
            if pdf.status_code == 200:
                break
        time.sleep(0.5)
    else:
        pytest.fail(f"no certificate within a minute\n{processes.tails()}")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    # It was the worker that ran the task, and it wrote to the shared storage.
    runs = _task_runs(services["database"])
    issued = [run for run in runs if run[0].endswith("issue_certificate")]
    assert issued, runs
    assert issued[0][1] == "SUCCESSFUL"
    assert issued[0][2] == [WORKER_ID]
    stored = list((deployment["shared"] / "private").rglob("*.pdf"))
    assert [path.read_bytes() for path in stored] == [pdf.content]

    # A rate-limit counter raised through A is the one B reads.
    verify = "/certificates/verify/"
    for _ in range(VERIFY_RATE):
        assert requests.get(f"{web_a}{verify}", timeout=10).status_code == 200
    assert requests.get(f"{web_b}{verify}", timeout=10).status_code == 429
    assert any(services["redis"].scan_iter(match=f"{services['cache_prefix']}:*"))

    # Both servers logged JSON lines (gunicorn writes the access line after the
    # response has gone, so give it a moment).
    def logged_verify(name: str) -> bool:
        lines = [
            json.loads(line)
            for line in processes.log(name).splitlines()
            if line.startswith("{")
        ]
        access = [line for line in lines if line.get("logger") == "gunicorn.access"]
        return any(line.get("path") == verify for line in access)

    for name in ("web_a", "web_b"):
        assert _wait_for(lambda name=name: logged_verify(name)), name
