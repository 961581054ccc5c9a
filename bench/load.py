"""Load benchmark: the site under gunicorn on PostgreSQL, driven by locust.

    .venv/bin/python bench/load.py [--users 20] [--spawn-rate 5] [--duration 60s]
        [--database-url postgres://postgres@127.0.0.1:5432/kairos_load]
        [--scale 1] [--accounts 1000] [--workers 4] [--redis-db 14] [--reuse-db]

1. Prepares the PostgreSQL database named by --database-url (its name must
   contain "load" or "bench": without --reuse-db it is dropped and created
   again). In child processes: `migrate`, `seed_demo` (home page, catalogue, the
   two demo courses and their quizzes) and `generate_agencies` (by default 50
   agencies, 20,000 staff, 30 courses, a first agency of 5,000 people; --scale
   multiplies the people), then ANALYZE. With --reuse-db these steps are skipped
   when the database already holds the generated data.
2. Then, always, with the production settings (this file run with `_prepare`):
   --accounts learner accounts in the first agency, enrolled in the demo course
   "Release day support" (two lessons and a quiz drawn from the question bank),
   one manager of that agency, certificates issued through
   certificates.services for completions the generator made (their references,
   surnames and QR links are what visitors verify), and the floor: a plain
   Wagtail page ("About", the bare `wagtailcore.Page`) under the home page. It
   writes these as a plan (JSON) for the locustfile.
3. Collects static files into a temporary STATIC_ROOT (WhiteNoise's manifest
   storage needs it) and starts, on 127.0.0.1 only, gunicorn (gunicorn.conf.py
   when it exists, with --workers and --bind given on the command line) and one
   `manage.py db_worker`, both with the production settings, plain HTTP, Redis
   db --redis-db (flushed first) as the cache, and rate limits raised, since
   every simulated person comes from the same loopback address.
4. Runs locust headless (bench/locustfile.py) for --duration with --users
   concurrent users, reads its statistics and writes
   bench/results/load-postgresql.json and the table in docs/performance.md
   (everything below the marker line is replaced).

gunicorn and the worker are stopped however the run ends. The database is kept,
so that --reuse-db can skip the slow part next time.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "bench" / "results" / "load-postgresql.json"
DOC = ROOT / "docs" / "performance.md"
MARKER = "<!-- bench/load.py writes everything below this line. -->"
PYTHON = Path(sys.executable)
VENV_BIN = PYTHON.parent
HOST = "127.0.0.1"
DEV_SETTINGS = "kairos_learning.settings.dev"
# The production settings, with STATIC_ROOT moved to a temporary directory:
# written into the run's directory as a module of its own (see settings_module).
SETTINGS_MODULE = "kairos_load_settings"
ACCOUNT_DOMAIN = "load.test"
ACCOUNT_PASSWORD = "load-password-2026"  # noqa: S105 - throwaway benchmark login
MANAGER_EMAIL = f"load-manager@{ACCOUNT_DOMAIN}"
COURSE_SLUG = "release-day-support"
FLOOR_SLUG = "about"
CERTIFICATES = 200  # certificates issued for visitors to verify
FLOOR = "Floor: bare Wagtail page"
BASE = {"agencies": 50, "learners": 20000, "courses": 30, "big_agency": 5000}


# The database ---------------------------------------------------------------------


def database_name(url: str) -> tuple[str, str]:
    """The database's name, and a URL for the server's `postgres` database."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("--database-url must be a PostgreSQL URL.")
    name = parts.path.lstrip("/")
    if not name or "/" in name:
        raise SystemExit(f"No database name in {url}.")
    if "load" not in name and "bench" not in name:
        raise SystemExit(
            f"Refusing to use the database {name!r}: the benchmark may drop and "
            "create it, so its name must contain 'load' or 'bench'."
        )
    return name, urlunsplit(parts._replace(path="/postgres"))


def database_exists(url: str) -> bool:
    import psycopg

    name, maintenance = database_name(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        return bool(
            connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        )


def create_database(url: str, *, drop: bool) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = database_name(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if drop:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def holds_generated_data(url: str) -> bool:
    """True when generate_agencies has run to the end on this database."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT count(*) FROM accounts_user WHERE email LIKE %s",
                ["manager-%@bench.test"],
            ).fetchone()
    except psycopg.Error:
        return False
    return bool(row and row[0])


def analyse(url: str) -> None:
    """Gather the planner's statistics, as autovacuum would after a bulk load."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")


def run(command: list[str], env: dict, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, **kwargs)  # noqa: S603
    return round(time.perf_counter() - start, 1)


def manage(env: dict, *arguments: str, **kwargs) -> float:
    return run([str(PYTHON), str(ROOT / "manage.py"), *arguments], env, **kwargs)


def generate(env: dict, scale: float) -> dict:
    dev = {**env, "DJANGO_SETTINGS_MODULE": DEV_SETTINGS}
    sizes = {
        **BASE,
        "learners": round(BASE["learners"] * scale),
        "big_agency": round(BASE["big_agency"] * scale),
    }
    timings = {"migrate_s": manage(dev, "migrate", "--noinput", "--verbosity", "0")}
    timings["seed_demo_s"] = manage(dev, "seed_demo", stdout=subprocess.DEVNULL)
    timings["generate_agencies_s"] = run(
        [
            str(PYTHON),
            str(ROOT / "bench" / "generate_agencies.py"),
            f"--agencies={sizes['agencies']}",
            f"--learners={sizes['learners']}",
            f"--courses={sizes['courses']}",
            f"--big-agency={sizes['big_agency']}",
            "--seed=1",
        ],
        dev,
        stdout=subprocess.DEVNULL,
    )
    return {"generated": sizes, **timings}


# Inside Django: the accounts and the plan (`bench/load.py _prepare PLAN ACCOUNTS`)


def prepare(plan_path: Path, accounts: int) -> None:
    """Run with the production settings: everything through the ORM and the
    app's own services, never raw SQL."""
    import random

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils.html import escape
    from wagtail.models import Page

    from agencies import services as agency_services
    from agencies.models import Agency, Membership, Requirement, Team
    from certificates import services as certificate_services
    from certificates.models import Certificate
    from courses import services as course_services
    from courses.models import (
        CourseIndexPage,
        CoursePage,
        Enrolment,
        LessonPage,
        StepProgress,
    )
    from kairos_learning.models import HomePage
    from quizzes.models import QuizPage

    User = get_user_model()
    rng = random.Random(1)  # noqa: S311 - reproducible data, not security
    home = HomePage.objects.get()
    catalogue = CourseIndexPage.objects.child_of(home).live().get()
    course = CoursePage.objects.live().get(slug=COURSE_SLUG)
    lessons = list(LessonPage.objects.live().child_of(course))
    quiz = QuizPage.objects.live().child_of(course).get()
    agency = Membership.objects.get(user__email="manager-1@bench.test").agency
    teams = list(Team.objects.filter(agency=agency))

    with transaction.atomic():
        # The floor: the simplest page Wagtail serves, with no learner data.
        floor = Page.objects.child_of(home).filter(slug=FLOOR_SLUG).first()
        if floor is None:
            floor = home.add_child(
                instance=Page(title="About Kairos Learning", slug=FLOOR_SLUG)
            )
            floor.save_revision().publish()

        # Accounts of a previous run go, with everything they did.
        User.objects.filter(email__iendswith=f"@{ACCOUNT_DOMAIN}").delete()
        password = make_password(ACCOUNT_PASSWORD)  # once: hashing is the slow part
        learners = User.objects.bulk_create(
            [
                User(
                    email=f"load-learner-{number:04d}@{ACCOUNT_DOMAIN}",
                    full_name=f"Load Learner {number:04d}",
                    password=password,
                )
                for number in range(1, accounts + 1)
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(user=user, agency=agency, team=rng.choice(teams))
                for user in learners
            ]
        )
        agency_services.sync_requirements([user.pk for user in learners])
        for user in learners:
            course_services.enrol(user=user, course=course)
        manager = User.objects.create_user(
            email=MANAGER_EMAIL,
            password=ACCOUNT_PASSWORD,
            full_name="Load Manager",
        )
        Membership.objects.create(
            user=manager, agency=agency, role=Membership.Role.MANAGER
        )

        # Real certificates to verify: issued, as the task would, for completions
        # the generator recorded (the PDFs are not needed to verify).
        completed = list(
            Enrolment.objects.filter(
                completed_at__isnull=False,
                user__email__iendswith="@bench.test",
            )
            .order_by("pk")
            .values_list("pk", flat=True)[: CERTIFICATES * 3]
        )
        for enrolment_id in rng.sample(completed, min(CERTIFICATES, len(completed))):
            certificate_services.issue_for_enrolment(enrolment_id)

    certificates = [
        {
            "reference": certificate.reference,
            "surname": certificate.learner_name.split()[-1],
            "token": certificate.token,
        }
        for certificate in Certificate.objects.filter(
            revoked_at__isnull=True, user__email__iendswith="@bench.test"
        ).order_by("pk")[:CERTIFICATES]
    ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    plan = {
        "password": ACCOUNT_PASSWORD,
        "learners": [user.email for user in learners],
        "manager": MANAGER_EMAIL,
        "agency": {
            "name": agency.name,
            "people": Membership.objects.filter(agency=agency).count(),
        },
        "home_url": home.url,
        "catalogue_url": catalogue.url,
        "courses": [
            {"url": page.url, "title": escape(page.title)}
            for page in CoursePage.objects.live().child_of(catalogue)
        ],
        "course": {"id": course.pk, "url": course.url, "title": escape(course.title)},
        "lessons": [
            {"id": lesson.pk, "url": lesson.url, "title": escape(lesson.title)}
            for lesson in lessons
        ],
        "quiz": {"id": quiz.pk, "url": quiz.url, "title": escape(quiz.title)},
        "floor": {"url": floor.url, "title": escape(floor.title)},
        "certificates": certificates,
        "database": {
            "postgresql": version,
            "agencies": Agency.objects.count(),
            "memberships": Membership.objects.count(),
            "requirements": Requirement.objects.count(),
            "enrolments": Enrolment.objects.count(),
            "step_progress": StepProgress.objects.count(),
            "courses": CoursePage.objects.live().count(),
            "certificates": Certificate.objects.count(),
        },
    }
    plan_path.write_text(json.dumps(plan, indent=2, ensure_ascii=False))


# The server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def settings_module(workdir: Path) -> None:
    """The production settings, except STATIC_ROOT: a temporary directory."""
    (workdir / f"{SETTINGS_MODULE}.py").write_text(
        "from kairos_learning.settings.production import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(workdir / 'static')!r}\n"
    )


def _badges_key() -> str:
    """One Open Badges signing key shared by every server of the run."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


BADGES_KEY = _badges_key()


def server_env(workdir: Path, database_url: str, port: int, redis_db: int) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BADGES_SIGNING_KEYS": BADGES_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://{HOST}:6379/{redis_db}",
        "TRUSTED_PROXY_COUNT": "0",  # locust talks to gunicorn directly
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback only
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        # Every simulated person comes from 127.0.0.1: limits per client
        # address would answer 429 to all of them at once.
        "CERTIFICATE_VERIFY_RATE": "1000000",
        "JOIN_CODE_RATE": "1000000",
        "PASSWORD_RESET_RATE": "1000000",
        "AXES_FAILURE_LIMIT": "1000000",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private-media"),
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{port}",
        "LOG_LEVEL": "WARNING",
    }


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A child in a process group of its own, so that stopping it stops all."""
    handle = log.open("wb")
    return subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def gunicorn_command(port: int, workers: int) -> list[str]:
    command = [str(VENV_BIN / "gunicorn")]
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["-c", str(ROOT / "gunicorn.conf.py")]
    # Given here whatever the config file says: loopback only, a known size.
    return [
        *command,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "kairos_learning.wsgi",
    ]


def wait_until_ready(base: str, server: subprocess.Popen, log: Path) -> str:
    """GET /health/ (or the home page, if there is none) until it answers 200."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        for path in ("/health/", "/"):
            try:
                with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310
                    if response.status == 200:
                        return path
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    break
            except OSError:
                break
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer in time:\n{log.read_text()[-3000:]}")


def warm_up(base: str, plan: Path, workers: int) -> None:
    """A few anonymous requests for each worker, so that the first measured
    requests do not pay for loading templates and opening connections."""
    pages = json.loads(plan.read_text())
    paths = [
        pages["floor"]["url"],
        pages["home_url"],
        pages["catalogue_url"],
        "/certificates/verify/",
        "/accounts/sign-in/",
    ]
    for _ in range(3 * workers):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310
                response.read()


# Locust and its figures ----------------------------------------------------------


def run_locust(args, base: str, workdir: Path, plan: Path) -> Path:
    prefix = workdir / "locust"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        args.duration,
        "--host",
        base,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "10",
        # The figures start once every user has started: the ramp, when each
        # simulated person signs in (a deliberately slow password check), is
        # the warm-up, not the steady state being measured.
        "--reset-stats",
    ]
    env = {**os.environ, "KAIROS_LOAD_PLAN": str(plan)}
    # locust exits with 1 when any request failed: the figures say which.
    subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603
    return prefix


def number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_stats(prefix: Path) -> tuple[list[dict], dict, list[dict]]:
    scenarios, total = [], {}
    with Path(f"{prefix}_stats.csv").open(newline="") as file:
        for row in csv.DictReader(file):
            figures = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": number(row["50%"]),
                "p95_ms": number(row["95%"]),
                "p99_ms": number(row["99%"]),
                "max_ms": number(row["Max Response Time"]),
                "rps": round(float(row["Requests/s"]), 2),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                scenarios.append(
                    {"name": row["Name"], "method": row["Type"], **figures}
                )
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open(newline="") as file:
            failures = [
                {
                    "name": row["Name"],
                    "error": row["Error"],
                    "occurrences": int(row["Occurrences"]),
                }
                for row in csv.DictReader(file)
            ]
    return scenarios, total, failures


def ratios(scenarios: list[dict]) -> float | None:
    floor = next((s for s in scenarios if s["name"] == FLOOR), None)
    floor_p95 = floor["p95_ms"] if floor else None
    floor_p50 = floor["p50_ms"] if floor else None
    for scenario in scenarios:
        scenario["p95_to_floor"] = (
            round(scenario["p95_ms"] / floor_p95, 1)
            if floor_p95 and scenario["p95_ms"] is not None
            else None
        )
        # The p95s include waiting for a free worker, which every scenario
        # shares: the p50 ratio says more about what each page itself costs.
        scenario["p50_to_floor"] = (
            round(scenario["p50_ms"] / floor_p50, 1)
            if floor_p50 and scenario["p50_ms"] is not None
            else None
        )
    return floor_p95


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> dict:
    from importlib.metadata import version

    return {
        name: version(name)
        for name in ("Django", "wagtail", "gunicorn", "locust", "psycopg")
    }


def load_average() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


# Reporting ----------------------------------------------------------------------


def milliseconds(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def table(result: dict) -> str:
    lines = [
        "| Scenario | Requests | Errors | p50 ms | p95 ms | p99 ms | Requests/s "
        "| p95 ÷ floor | p50 ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def times(value) -> str:
        return "–" if value is None else f"{value:.1f}×"

    for s in result["scenarios"]:
        few = " \\*" if s["requests"] < 100 else ""
        lines.append(
            f"| {s['name']} | {s['requests']:,}{few} | {s['failures']} | "
            f"{milliseconds(s['p50_ms'])} | {milliseconds(s['p95_ms'])} | "
            f"{milliseconds(s['p99_ms'])} | {s['rps']:.1f} | "
            f"{times(s['p95_to_floor'])} | {times(s.get('p50_to_floor'))} |"
        )
    t = result["total"]
    lines.append(
        f"| **All requests** | {t['requests']:,} | {t['failures']} | "
        f"{milliseconds(t['p50_ms'])} | {milliseconds(t['p95_ms'])} | "
        f"{milliseconds(t['p99_ms'])} | {t['rps']:.1f} | | |"
    )
    return "\n".join(lines)


def markdown(result: dict) -> str:
    machine, database, run_ = result["machine"], result["database"], result["run"]
    generated = result["data"]["generated"]
    load = (
        f" (load average before the run: {', '.join(map(str, machine['load_before']))})"
        if machine.get("load_before")
        else ""
    )
    busy = ""
    if machine.get("load_before") and machine["load_before"][0] > machine["cpu_count"]:
        busy = (
            "\n\n**The machine was busy with other work during this run** (its load "
            "average was above its CPU count): the server was short of CPU, every "
            "request waited for a free worker, and the times measure mostly that "
            "queue. They are an upper bound, and the ratios to the floor are "
            "compressed towards 1. Run it again on a quiet machine for figures "
            "to plan by."
        )
    failures = ""
    if result["failures"]:
        failures = "\n\nFailures:\n\n" + "\n".join(
            f"- {f['name']}: {f['error']} ({f['occurrences']}×)"
            for f in result["failures"]
        )
    return f"""
## Latest run

Reproduce with:

```
{result["command"]}
```

- **When:** {result["finished_at"]}, {run_["users"]} concurrent users \
(spawned {run_["spawn_rate"]} a second) for {run_["duration"]}.
- **Machine:** {machine["cpu"]}, {machine["cpu_count"]} CPUs, \
{machine["system"]}, Python {machine["python"]}{load}.
- **Software:** PostgreSQL {database["postgresql"]}, Redis cache, \
gunicorn {result["versions"]["gunicorn"]} with {run_["workers"]} sync workers, \
one `db_worker`, Django {result["versions"]["Django"]}, \
Wagtail {result["versions"]["wagtail"]}, locust {result["versions"]["locust"]}.
- **Data:** `generate_agencies` with {generated["agencies"]} agencies, \
{generated["learners"]:,} staff and {generated["courses"]} courses, plus \
`seed_demo`: {database["memberships"]:,} people, {database["requirements"]:,} \
requirements, {database["enrolments"]:,} enrolments, \
{database["step_progress"]:,} lessons completed, {database["certificates"]:,} \
certificates. The simulated learners and manager belong to \
{result["agency"]["name"]} ({result["agency"]["people"]:,} people, the \
{run_["accounts"]:,} load-test learners included).

{table(result)}

Percentiles are locust's (rounded to two significant figures above 100 ms).
p95 ÷ floor: the scenario's p95 divided by the floor's p95 \
({milliseconds(result["floor_p95_ms"])} ms). Every p95 here includes time spent \
waiting for a free gunicorn worker, which all scenarios share, so p50 ÷ floor \
says more about what each page itself costs. \\* fewer than 100 requests: \
the p99 is the slowest one or two and says little.{busy}{failures}
"""


def write_doc(result: dict) -> None:
    intro = (
        DOC.read_text().split(MARKER)[0].rstrip() + "\n\n"
        if DOC.exists() and MARKER in DOC.read_text()
        else "# Performance\n\n"
    )
    DOC.write_text(intro + MARKER + "\n" + markdown(result))


# The run ------------------------------------------------------------------------


def command_line(args) -> str:
    parts = [".venv/bin/python bench/load.py"]
    parts += [f"--users {args.users}", f"--spawn-rate {args.spawn_rate}"]
    parts += [f"--duration {args.duration}", f"--database-url {args.database_url}"]
    if args.scale != 1:
        parts.append(f"--scale {args.scale:g}")
    if args.accounts != 1000:
        parts.append(f"--accounts {args.accounts}")
    if args.workers != 4:
        parts.append(f"--workers {args.workers}")
    return " ".join(parts)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "_prepare":
        prepare(Path(sys.argv[2]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="default 20")
    parser.add_argument(
        "--spawn-rate", type=float, default=5, help="users started a second (5)"
    )
    parser.add_argument("--duration", default="60s", help="locust --run-time (60s)")
    parser.add_argument(
        "--database-url",
        default=f"postgres://postgres@{HOST}:5432/kairos_load",
        help="PostgreSQL; the name must contain 'load' or 'bench'",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiplies generate_agencies' people: 1 is 20,000 staff in 50 "
        "agencies, the first of 5,000",
    )
    parser.add_argument(
        "--accounts", type=int, default=1000, help="load-test learner accounts"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--redis-db", type=int, default=14, help="flushed first")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the database if it already holds the generated data",
    )
    args = parser.parse_args()
    if args.users < 1 or args.accounts < args.users or args.scale <= 0:
        parser.error("--users must be at least 1, --accounts at least --users")
    database_name(args.database_url)  # refuses unsuitable names early

    workdir = Path(tempfile.mkdtemp(prefix="kairos-load-"))
    port = free_port()
    base = f"http://{HOST}:{port}"
    settings_module(workdir)
    env = server_env(workdir, args.database_url, port, args.redis_db)
    started = time.perf_counter()
    data: dict = {}
    if args.reuse_db and database_exists(args.database_url):
        reused = holds_generated_data(args.database_url)
    else:
        create_database(args.database_url, drop=True)
        reused = False
    if reused:
        print("Reusing the generated data.", flush=True)
        data = {"reused": True}
    else:
        print("Migrating and generating the data (a few minutes)…", flush=True)
        data = generate(env, args.scale)
    if "generated" not in data:
        data["generated"] = {
            **BASE,
            "learners": round(BASE["learners"] * args.scale),
            "big_agency": round(BASE["big_agency"] * args.scale),
        }
    plan = workdir / "plan.json"
    print(f"Creating {args.accounts} load-test accounts…", flush=True)
    data["prepare_s"] = run(
        [
            str(PYTHON),
            str(Path(__file__).resolve()),
            "_prepare",
            str(plan),
            str(args.accounts),
        ],
        env,
    )
    analyse(args.database_url)
    data["collectstatic_s"] = manage(
        env, "collectstatic", "--noinput", "--verbosity", "0"
    )
    flush_redis(env["REDIS_URL"])

    server = worker = None
    try:
        worker = start(
            [str(PYTHON), str(ROOT / "manage.py"), "db_worker", "--queue-name", "*"],
            env,
            workdir / "worker.log",
        )
        server = start(
            gunicorn_command(port, args.workers), env, workdir / "gunicorn.log"
        )
        ready = wait_until_ready(base, server, workdir / "gunicorn.log")
        print(
            f"Ready in {time.perf_counter() - started:.0f} s (checked {ready}); "
            f"{args.users} users for {args.duration}…",
            flush=True,
        )
        warm_up(base, plan, args.workers)
        load_before = load_average()
        prefix = run_locust(args, base, workdir, plan)
        scenarios, total, failures = read_stats(prefix)
        if server.poll() is not None or worker.poll() is not None:
            failures.append(
                {"name": "processes", "error": "gunicorn or the worker stopped"}
            )
    finally:
        stop(server)
        stop(worker)
    plan_data = json.loads(plan.read_text())
    result = {
        "command": command_line(args),
        "finished_at": datetime.datetime.now()
        .astimezone()
        .strftime("%-d %B %Y %H:%M %Z"),
        "machine": {
            "cpu": cpu_model(),
            "cpu_count": os.cpu_count(),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(),
            "load_before": load_before,
        },
        "versions": versions(),
        "database": plan_data["database"],
        "data": data,
        "agency": plan_data["agency"],
        "run": {
            "users": args.users,
            "spawn_rate": args.spawn_rate,
            "duration": args.duration,
            "workers": args.workers,
            "accounts": args.accounts,
            "gunicorn_config": (ROOT / "gunicorn.conf.py").exists(),
            "readiness_check": ready,
        },
        "floor_p95_ms": ratios(scenarios),
        "scenarios": scenarios,
        "total": total,
        "failures": failures,
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    write_doc(result)
    print("\n" + table(result))
    print(f"\nWritten to {RESULT.relative_to(ROOT)} and {DOC.relative_to(ROOT)}")
    for log in ("gunicorn.log", "worker.log"):
        text = (workdir / log).read_text(errors="replace")
        if "Traceback" in text or "ERROR" in text:
            print(f"\n{log} (last lines):\n{text[-4000:]}")
    shutil.rmtree(workdir, ignore_errors=True)
    if total.get("failures"):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
