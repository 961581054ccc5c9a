"""Faults in the services the site stands on, with real processes.

One gunicorn (production settings) and `db_worker` processes over a database
of their own, reached through a TCP proxy the test can cut; a private
`redis-server` the test pauses and stops; a small SMTP server that refuses and
then accepts; moto's S3 server, stopped and started again. Each case asserts
what a person sees and that nothing is lost or done twice. docs/operations.md
lists the faults and names these tests.

Like tests/deploy/test_processes.py (whose helpers it uses) it runs in the
PostgreSQL pass of the suite; without PostgreSQL or redis-server it skips,
except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import psycopg
import pytest
import requests
from psycopg.types.json import Jsonb

from badges.keys import generate_pem
from tests.deploy.test_processes import (
    PG,
    Processes,
    _csrf,
    _free_port,
    _unavailable,
    _wait_for,
    _wait_healthy,
)

from .servers import SmtpServer, TcpProxy

# One set of processes for the module: its tests run in one xdist worker
# (`make test` distributes with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("faults")

LEARNER = ("fault-learner@example.org", "Fay Ault")
OTHER = ("fault-other@example.org", "Dora Rest")
PASSWORD = "a-long-test-password-5521"
INVITEE = "invited-by-faults@example.org"
VERIFY_RATE = 4
BUCKET = "kairos-faults"
RENDER_DELAY = "3"  # seconds each render waits in the "slow" workers

SEED = f"""
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site
from agencies.models import Agency, Invitation
from certificates import services as certificates
from courses.models import Enrolment, LessonPage
from courses.tests.factories import CourseIndexPageFactory, make_course
from kairos_learning.models import HomePage
from quizzes.tests.factories import make_quiz, true_false

home = Page.get_first_root_node().add_child(
    instance=HomePage(title="Kairos Learning", slug="kairos-faults")
)
Site.objects.update_or_create(
    is_default_site=True,
    defaults={{"hostname": "localhost", "root_page": home, "site_name": "Kairos"}},
)
catalogue = CourseIndexPageFactory(parent=home)
course = make_course(catalogue=catalogue, lessons=1, title="Fault course")
quiz = make_quiz(course=course, questions=[true_false(answer=True)])
users = get_user_model().objects
learner = users.create_user(
    email="{LEARNER[0]}", password="{PASSWORD}", full_name="{LEARNER[1]}"
)
other = users.create_user(
    email="{OTHER[0]}", password="{PASSWORD}", full_name="{OTHER[1]}"
)
# Dora completed the course earlier: her certificate is issued, not rendered.
enrolment = Enrolment.objects.create(user=other, course=course)
Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
certificate, _ = certificates.issue_for_enrolment(enrolment.pk)
agency = Agency.objects.create(name="Fault agency", kind=Agency.Kind.PROBATION)
invitation = Invitation.objects.create(
    agency=agency, email="{INVITEE}", full_name="Ivy Invited",
    expires_at=timezone.now() + datetime.timedelta(days=3),
)
print(json.dumps({{
    "course": course.pk,
    "lessons": [
        [lesson.pk, lesson.url] for lesson in LessonPage.objects.child_of(course)
    ],
    "quiz": quiz.pk,
    "other_certificate": certificate.pk,
    "invitation": invitation.pk,
}}))
"""


# --- the services ---------------------------------------------------------------


class RedisServer:
    def __init__(self, workdir: Path):
        self.port = _free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        client = redis.Redis(port=self.port, socket_timeout=1)
        assert _wait_for(lambda: _pings(client), timeout=10), "redis-server"

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


class S3Server:
    """moto's S3 in a thread; its objects outlive a stop and start."""

    def __init__(self):
        self.port = _free_port()
        self.server = None

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(
            ip_address="127.0.0.1", port=self.port, verbose=False
        )
        self.server.start()

    def stop(self) -> None:
        if self.server:
            self.server.stop()
            self.server = None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL)")
    try:
        psycopg.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg.Error as error:
        _unavailable(f"PostgreSQL is not reachable on 127.0.0.1:5432: {error}")
    if not shutil.which("redis-server"):
        _unavailable("redis-server is not installed")

    name = f"kairos_faults_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    redis_server = RedisServer(tmp_path_factory.mktemp("redis"))
    proxy = TcpProxy(PG["port"])
    smtp = SmtpServer()
    s3 = S3Server()
    processes = None
    try:
        redis_server.start()
        s3.start()
        aws = {
            "AWS_ACCESS_KEY_ID": "faults",
            "AWS_SECRET_ACCESS_KEY": "faults",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
        boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{s3.port}",
            **{
                "aws_access_key_id": aws["AWS_ACCESS_KEY_ID"],
                "aws_secret_access_key": aws["AWS_SECRET_ACCESS_KEY"],
                "region_name": aws["AWS_DEFAULT_REGION"],
            },
        ).create_bucket(Bucket=BUCKET)

        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "AWS_"))
        }
        env.update(
            aws,
            DJANGO_SETTINGS_MODULE="kairos_learning.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            BADGES_SIGNING_KEYS=generate_pem(),
            ALLOWED_HOSTS="127.0.0.1",
            # Set-up and the test's own commands go straight to PostgreSQL;
            # web and workers through the proxy, which the database test cuts.
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG['port']}/{name}",
            DATABASE_CONNECT_TIMEOUT="2",
            REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0",
            TRUSTED_PROXY_COUNT="0",
            SECURE_SSL_REDIRECT="false",
            SECURE_COOKIES="false",
            STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{s3.port}",
            AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_ADDRESSING_STYLE="path",
            AWS_MAX_ATTEMPTS="1",  # a dead store fails at once, not after retries
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp.port),
            EMAIL_TIMEOUT="1",
            CERTIFICATE_VERIFY_RATE=str(VERIFY_RATE),
            TASK_RETRY_BACKOFF_SECONDS="0",
            CERTIFICATE_TASK_LEASE_SECONDS="1",
            WEB_CONCURRENCY="1",
            PYTHONUNBUFFERED="1",
        )
        processes = Processes(env, tmp_path_factory.mktemp("logs"))
        processes.proxied = f"postgres://postgres@127.0.0.1:{proxy.port}/{name}"
        python = sys.executable
        processes.start(
            "collectstatic", python, "manage.py", "collectstatic", "--noinput"
        )
        processes.run(python, "manage.py", "migrate", "--noinput")
        assert processes.running["collectstatic"].wait(timeout=180) == 0
        # The web server starts while the seed runs; the worker after it.
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        processes.start(
            "web",
            str(Path(python).with_name("gunicorn")),
            "-c",
            "gunicorn.conf.py",
            GUNICORN_BIND=f"127.0.0.1:{port}",
            DATABASE_URL=processes.proxied,
        )
        seeded = json.loads(
            processes.run(python, "manage.py", "shell", "-c", SEED)
            .strip()
            .splitlines()[-1]
        )
        start_worker(processes, "worker")
        _wait_healthy("web", base, processes)
        yield {
            **seeded,
            "base": base,
            "database": name,
            "processes": processes,
            "redis": redis_server,
            "proxy": proxy,
            "smtp": smtp,
            "s3": s3,
        }
    finally:
        if processes:
            processes.stop_all()
        redis_server.stop()
        s3.stop()
        smtp.close()
        proxy.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_worker(processes: Processes, name: str, **extra_env: str) -> None:
    processes.start(
        name,
        sys.executable,
        "manage.py",
        "db_worker",
        "--queue-name",
        "*",
        "--interval",
        "0.3",
        "--no-startup-delay",
        "--no-reload",
        "--worker-id",
        name,
        **{"DATABASE_URL": processes.proxied, **extra_env},
    )


def stop(processes: Processes, name: str, sig=signal.SIGTERM) -> int:
    process = processes.running[name]
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    return process.wait(timeout=20)


def manage(site, *args: str) -> str:
    return site["processes"].run(sys.executable, "manage.py", *args, timeout=60)


def enqueue(site, task_path: str, *args, **kwargs) -> str:
    """Queue a task as django-tasks-db's `enqueue` stores it (one row, READY,
    default queue), without starting Django for it; return the result's id."""
    result_id = str(uuid.uuid4())
    with psycopg.connect(dbname=site["database"], **PG) as connection:
        connection.execute(
            "INSERT INTO django_tasks_database_dbtaskresult (id, status, "
            "enqueued_at, args_kwargs, priority, task_path, worker_ids, "
            "queue_name, backend_name, run_after, return_value, "
            "exception_class_path, traceback) VALUES (%s, 'READY', now(), %s, 0, "
            "%s, '[]', 'default', 'default', now(), NULL, '', '')",
            (result_id, Jsonb({"args": list(args), "kwargs": kwargs}), task_path),
        )
    return result_id


def query(site, sql: str, *params):
    with psycopg.connect(dbname=site["database"], **PG) as connection:
        return connection.execute(sql, params).fetchall()


def task(site, result_id: str) -> dict:
    rows = query(
        site,
        "SELECT status, exception_class_path, traceback, worker_ids "
        "FROM django_tasks_database_dbtaskresult WHERE id = %s",
        result_id,
    )
    status, error, traceback, workers = rows[0]
    return {
        "status": status,
        "error": error,
        "traceback": traceback,
        "workers": workers,
    }


def wait_status(site, result_id: str, *statuses: str, timeout: float = 30) -> dict:
    assert _wait_for(
        lambda: task(site, result_id)["status"] in statuses, timeout=timeout
    ), f"{result_id}: {task(site, result_id)}\n{site['processes'].tails()}"
    return task(site, result_id)


def wait_queue_empty(site, timeout: float = 60) -> None:
    """Wait until the worker has run whatever earlier steps queued, such as
    the email a finished certificate sends."""
    sql = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status IN ('READY', 'RUNNING')"
    )
    assert _wait_for(lambda: query(site, sql)[0][0] == 0, timeout=timeout), (
        f"{query(site, sql)[0][0]} task(s) still queued\n{site['processes'].tails()}"
    )


def web_log(site) -> list[dict]:
    return [
        json.loads(line)
        for line in site["processes"].log("web").splitlines()
        if line.startswith("{")
    ]


def warnings_containing(site, text: str) -> int:
    return sum(1 for line in web_log(site) if text in line.get("message", ""))


def server_errors(site) -> int:
    """Errors logged by the web process, other than the health check's own
    report of what failed (which the load balancer's probe is for)."""
    return sum(
        1
        for line in web_log(site)
        if line.get("level") == "ERROR"
        and line.get("logger") != "kairos_learning.health"
        and "/health/" not in line.get("message", "")
    )


# --- a person on the site -------------------------------------------------------


class Person:
    def __init__(self, site, email: str):
        self.base = site["base"]
        self.email = email
        self.http = requests.Session()

    def get(self, path: str, **kwargs):
        return self.http.get(
            f"{self.base}{path}", allow_redirects=False, timeout=20, **kwargs
        )

    def post(self, path: str, data=None, **kwargs):
        data = {**(data or {}), "csrfmiddlewaretoken": _csrf(self.http) or ""}
        return self.http.post(
            f"{self.base}{path}",
            data=data,
            headers={"X-CSRFToken": _csrf(self.http) or ""},
            allow_redirects=False,
            timeout=20,
            **kwargs,
        )

    def sign_in(self, password: str = PASSWORD):
        self.get("/accounts/sign-in/").raise_for_status()
        return self.post(
            "/accounts/sign-in/", {"username": self.email, "password": password}
        )

    def signed_in(self) -> bool:
        return self.get("/my-learning/").status_code == 200


# --- Redis ------------------------------------------------------------------------


def test_redis_paused_then_stopped_nobody_is_signed_out_or_locked_out(site):
    """Redis timing out, then gone: she signs in and out, keeps her session,
    learns, passes the quiz, gets and verifies her certificate and exports her
    data; the sign-in and verification limits still hold (counted in
    PostgreSQL); /health/ says the cache failed; a warning a minute, not one a
    request; and a sign-out during the outage is not undone when Redis is
    back."""
    redis_server = site["redis"]
    fay = Person(site, LEARNER[0])
    assert fay.sign_in().status_code == 302
    assert fay.signed_in()
    stale = dict(fay.http.cookies.get_dict(domain="127.0.0.1"))

    # Timing out: paused, connections hang until the 2-second timeout.
    redis_server.pause()
    try:
        assert fay.signed_in()
        assert fay.post("/accounts/sign-out/").status_code == 302
        assert not fay.signed_in()
    finally:
        redis_server.resume()
    assert requests.get(f"{site['base']}/health/", timeout=10).status_code == 200
    # Redis still holds the session as it was before she signed out.
    old = Person(site, LEARNER[0])
    old.http.cookies.update(stale)
    assert not old.signed_in(), "a sign-out during the outage was undone"

    # Gone: refused at once.
    assert fay.sign_in().status_code == 302
    redis_server.stop()
    health = requests.get(f"{site['base']}/health/", timeout=10)
    assert health.status_code == 503
    assert health.json()["checks"] == {"database": "ok", "cache": "failed"}

    assert fay.signed_in(), "her session was lost with Redis"
    course, quiz = site["course"], site["quiz"]
    assert fay.post(f"/my-learning/courses/{course}/enrol/").status_code == 302
    for lesson, url in site["lessons"]:
        assert fay.get(url).status_code == 200
        assert fay.post(f"/my-learning/lessons/{lesson}/complete/").status_code == 302

    # The quiz: start, answer, submit.
    started = fay.post(f"/quizzes/{quiz}/start/")
    assert started.status_code == 302, started.text[:500]
    question = fay.get(started.headers["Location"])
    assert question.status_code == 200
    field = re.search(r'name="([^"]+)" value="([^"]+)"[^>]*>\s*True\s*<', question.text)
    assert field, question.text[:3000]
    answered = fay.post(
        started.headers["Location"],
        {field.group(1): field.group(2), "action": "review"},
    )
    assert answered.status_code == 302
    review = answered.headers["Location"]
    assert "/review/" in review, review
    submitted = fay.post(review)
    assert submitted.status_code == 302
    assert "/result/" in submitted.headers["Location"]
    result = fay.get(submitted.headers["Location"])
    assert "passed" in result.text

    # The worker issues and renders her certificate; she downloads it.
    pdf = None

    def downloaded() -> bool:
        nonlocal pdf
        link = re.search(
            r"/certificates/(\d+)/download/", fay.get("/certificates/").text
        )
        if link:
            pdf = fay.get(link.group(0))
            return pdf.status_code == 200
        return False

    assert _wait_for(downloaded, timeout=40), site["processes"].tails()
    assert pdf.content.startswith(b"%PDF")
    reference, surname = query(
        site,
        "SELECT reference, learner_name FROM certificates_certificate c "
        "JOIN accounts_user u ON u.id = c.user_id WHERE u.email = %s",
        LEARNER[0],
    )[0]

    # Anyone verifies it; the verification limit holds.
    visitor = Person(site, "")
    assert visitor.get("/certificates/verify/").status_code == 200
    verified = visitor.post(
        "/certificates/verify/",
        {"reference": reference, "surname": surname.split()[-1]},
    )
    assert verified.status_code == 200
    assert LEARNER[1] in verified.text
    statuses = [visitor.get("/certificates/verify/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]

    # Her data export, then sign out and in again.
    export = fay.get("/my-data/export.json")
    assert export.status_code == 200
    assert LEARNER[0] in export.text
    assert fay.post("/accounts/sign-out/").status_code == 302
    assert not fay.signed_in()
    assert fay.sign_in().status_code == 302
    assert fay.signed_in()

    # The fifth wrong password locks her out from this address, and the right
    # one is then refused too.
    dora = Person(site, OTHER[0])
    tries = [dora.sign_in("not-her-password").status_code for _ in range(5)]
    assert tries == [200, 200, 200, 200, 429]
    locked = dora.sign_in()
    assert locked.status_code == 429
    assert not dora.signed_in()

    # Nothing done twice: one enrolment, one passed attempt, one certificate.
    counts = query(
        site,
        "SELECT (SELECT count(*) FROM courses_enrolment e JOIN accounts_user u "
        "ON u.id = e.user_id WHERE u.email = %s), "
        "(SELECT count(*) FROM certificates_certificate c JOIN accounts_user u "
        "ON u.id = c.user_id WHERE u.email = %s)",
        LEARNER[0],
        LEARNER[0],
    )[0]
    assert counts == (1, 1)
    # One warning a minute per kind, not one per request; no server errors.
    assert 1 <= warnings_containing(site, "carrying on without it") <= 2
    assert 1 <= warnings_containing(site, "counted in the database") <= 2
    assert server_errors(site) == 0, site["processes"].log("web")[-3000:]

    redis_server.start()
    assert _wait_for(
        lambda: requests.get(f"{site['base']}/health/", timeout=5).status_code == 200
    )


# --- PostgreSQL -------------------------------------------------------------------


def test_database_cut_answers_a_short_break_then_the_same_processes_serve(site):
    """PostgreSQL unreachable: a plain 503 with Retry-After, one warning a minute
    rather than a traceback per request; the health check fails; the worker
    waits. Restored: the same web and worker processes carry on."""
    processes, proxy = site["processes"], site["proxy"]
    fay = Person(site, LEARNER[0])
    assert fay.sign_in().status_code == 302
    errors_before = server_errors(site)
    web_pid = processes.running["web"].pid

    proxy.cut()
    try:
        for path in ("/my-learning/", "/", "/certificates/verify/"):
            page = fay.get(path)
            assert page.status_code == 503, (path, page.text[:500])
            assert "having a short break" in page.text
            assert "Your work is saved; try again in a minute." in page.text
            assert page.headers["Retry-After"] == "60"
        # The sign-in form itself needs no database (its header is cached):
        # it may show, but signing in is the short-break page, not an error.
        other = Person(site, OTHER[0])
        assert other.get("/accounts/sign-in/").status_code in (200, 503)
        signing_in = other.post(
            "/accounts/sign-in/", {"username": OTHER[0], "password": PASSWORD}
        )
        assert signing_in.status_code == 503
        assert "having a short break" in signing_in.text
        health = requests.get(f"{site['base']}/health/", timeout=10)
        assert health.status_code == 503
        assert health.json()["checks"]["database"] == "failed"
        # The worker waits for the database rather than exiting.
        time.sleep(2.5)
        assert processes.running["worker"].poll() is None, processes.log("worker")
        assert "the worker waits and reconnects" in processes.log("worker")
    finally:
        proxy.restore()

    assert fay.signed_in()
    assert processes.running["web"].pid == web_pid
    assert processes.running["web"].poll() is None
    assert server_errors(site) == errors_before, processes.log("web")[-3000:]
    assert warnings_containing(site, "database is unreachable") == 1
    # The same worker takes new work once the database is back.
    result = enqueue(site, RENDER, site["other_certificate"])
    assert wait_status(site, result, "SUCCESSFUL", "FAILED")["status"] == "SUCCESSFUL"
    assert task(site, result)["workers"] == ["worker"]


# --- the task worker ---------------------------------------------------------------


RENDER = "certificates.tasks.render_certificate"


def test_a_worker_killed_mid_render_is_noticed_and_the_render_runs_again(site):
    """SIGKILL in the middle of a certificate render: after the lease the
    recovery run marks it failed ("worker lost") and enqueues it again; it
    then renders once. SIGTERM in the middle of one: the worker finishes it and
    takes no other."""
    processes = site["processes"]
    pk = site["other_certificate"]
    assert stop(processes, "worker") == 0  # idle: it stops at once
    start_worker(processes, "slow", CERTIFICATE_RENDER_TEST_DELAY=RENDER_DELAY)
    killed = enqueue(site, RENDER, pk, force=True)
    wait_status(site, killed, "RUNNING")
    stop(processes, "slow", signal.SIGKILL)
    assert task(site, killed)["status"] == "RUNNING"  # what the library leaves

    time.sleep(1.1)  # the lease in this test is a second
    output = manage(site, "recover_tasks")
    assert "1 task(s) had lost their worker" in output, output
    lost = task(site, killed)
    assert lost["status"] == "FAILED"
    assert lost["error"] == "operations.services.WorkerLost"
    assert "worker lost" in lost["traceback"]
    retries = query(
        site,
        "SELECT retry_result_id::text FROM operations_taskretry "
        "WHERE original_result_id = %s",
        killed,
    )
    assert len(retries) == 1
    retry = retries[0][0]
    assert task(site, retry)["status"] == "READY"

    # SIGTERM while it renders the retry: it finishes, then stops.
    waiting = enqueue(site, RENDER, pk, force=True)  # queued behind the retry
    start_worker(processes, "graceful", CERTIFICATE_RENDER_TEST_DELAY=RENDER_DELAY)
    wait_status(site, retry, "RUNNING")
    os.killpg(processes.running["graceful"].pid, signal.SIGTERM)
    assert processes.running["graceful"].wait(timeout=20) == 0
    assert task(site, retry)["status"] == "SUCCESSFUL"
    assert task(site, retry)["workers"] == ["graceful"]
    assert task(site, waiting)["status"] == "READY", "took new work after SIGTERM"

    start_worker(processes, "worker")
    wait_status(site, waiting, "SUCCESSFUL")
    rows = query(
        site,
        "SELECT pdf, rendered_at IS NOT NULL FROM certificates_certificate "
        "WHERE user_id = (SELECT id FROM accounts_user WHERE email = %s)",
        OTHER[0],
    )
    assert len(rows) == 1
    pdf, rendered = rows[0]
    assert pdf
    assert rendered


# --- email ----------------------------------------------------------------------


def test_a_refusing_then_silent_mail_server_fails_the_email_then_it_is_sent_once(
    site,
):
    """Refused, then timing out: each try fails visibly and is retried; the
    third try, with the server accepting, sends the one message."""
    smtp = site["smtp"]
    # Earlier tests' emails (a rendered certificate's "well done") go first,
    # so that only the invitation is in flight while the server misbehaves.
    wait_queue_empty(site)
    smtp.messages.clear()
    smtp.refusing = True
    try:
        first = enqueue(site, "agencies.tasks.send_invitation", site["invitation"])
        failed = wait_status(site, first, "FAILED", "SUCCESSFUL")
    finally:
        smtp.refusing = False
    assert failed["status"] == "FAILED"
    assert failed["error"].startswith("smtplib.SMTP"), failed["error"]

    smtp.silent = True
    try:
        assert "queued 1 failed task(s)" in manage(site, "recover_tasks")
        second = retry_of(site, first)
        timed_out = wait_status(site, second, "FAILED", "SUCCESSFUL")
    finally:
        smtp.silent = False
    assert timed_out["status"] == "FAILED"
    assert "timed out" in timed_out["traceback"], timed_out["traceback"][-500:]
    assert invitations(smtp) == []

    assert "queued 1 failed task(s)" in manage(site, "recover_tasks")
    wait_status(site, retry_of(site, second), "SUCCESSFUL")
    # Each failure was run again once, and the message went once.
    assert "queued 0 failed task(s)" in manage(site, "recover_tasks")
    assert len(invitations(smtp)) == 1


def invitations(smtp) -> list[bytes]:
    return [message for message in smtp.messages if INVITEE.encode() in message]


def retry_of(site, result_id: str) -> str:
    return query(
        site,
        "SELECT retry_result_id::text FROM operations_taskretry "
        "WHERE original_result_id = %s",
        result_id,
    )[0][0]


# --- file storage -------------------------------------------------------------------


def take_the_course(person, site) -> None:
    """Enrol, read every lesson and pass the quiz, as in the first test."""
    course, quiz = site["course"], site["quiz"]
    assert person.post(f"/my-learning/courses/{course}/enrol/").status_code == 302
    for lesson, url in site["lessons"]:
        assert person.get(url).status_code == 200
        complete = person.post(f"/my-learning/lessons/{lesson}/complete/")
        assert complete.status_code == 302
    started = person.post(f"/quizzes/{quiz}/start/")
    assert started.status_code == 302, started.text[:500]
    question = person.get(started.headers["Location"])
    field = re.search(r'name="([^"]+)" value="([^"]+)"[^>]*>\s*True\s*<', question.text)
    assert field, question.text[:3000]
    answered = person.post(
        started.headers["Location"],
        {field.group(1): field.group(2), "action": "review"},
    )
    assert person.post(answered.headers["Location"]).status_code == 302


def test_storage_down_answers_try_again_shortly_and_a_failed_render_is_retried(site):
    s3, processes = site["s3"], site["processes"]
    fay = Person(site, LEARNER[0])
    assert fay.sign_in().status_code == 302
    page = None

    def listed() -> bool:
        nonlocal page
        page = fay.get("/certificates/")
        return bool(re.search(r"/certificates/(\d+)/download/", page.text))

    # Her certificate from the first test, if it ran on this site (xdist may
    # run this module's tests around others, and the site is then built
    # afresh; a render may also still be finishing): otherwise she takes the
    # course now.
    if not _wait_for(listed, timeout=10):
        take_the_course(fay, site)
    assert _wait_for(listed, timeout=40), site["processes"].tails()
    link = re.search(r"/certificates/(\d+)/download/", page.text)
    before = fay.get(link.group(0))
    assert before.status_code == 200
    errors_before = server_errors(site)

    s3.stop()
    try:
        unavailable = fay.get(link.group(0))
        assert unavailable.status_code == 503
        assert "try again shortly" in unavailable.text
        failed_render = enqueue(site, RENDER, site["other_certificate"], force=True)
        assert (
            wait_status(site, failed_render, "FAILED", "SUCCESSFUL")["status"]
            == "FAILED"
        )
    finally:
        s3.start()

    after = fay.get(link.group(0))
    assert after.status_code == 200
    assert after.content == before.content
    assert server_errors(site) == errors_before, processes.log("web")[-3000:]
    assert "queued 1 failed task(s)" in manage(site, "recover_tasks")
    retry = query(
        site,
        "SELECT retry_result_id::text FROM operations_taskretry "
        "WHERE original_result_id = %s",
        failed_render,
    )[0][0]
    wait_status(site, retry, "SUCCESSFUL")
