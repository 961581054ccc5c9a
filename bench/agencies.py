"""Benchmark the agency manager's dashboard and exports (/agency/) at scale.

    .venv/bin/python bench/agencies.py [--database-url URL] [--learners 20000]
        [--agencies 50] [--courses 30] [--big-agency 5000] [--seed 1]
        [--requests 20] [--export-runs 3] [--keep] [--reuse-db]

Builds a throwaway database: an SQLite file in a temporary directory by default,
or the PostgreSQL database named by --database-url (e.g.
postgres://postgres@127.0.0.1:5432/kairos_bench), which is dropped and created
again, so its name must contain "bench". Media folders go in a temporary
directory too; no existing data is read or changed. Migrations and
`bench/generate_agencies.py` run in child processes, so that this process's
peak memory (ru_maxrss) counts only the measurements.

Then, signed in as the manager of the big agency, with django.test.Client and
the dev settings (DEBUG is on there, so Django keeps a query log):

- the dashboard's first page, a filtered page (?status=overdue) and the last
  page: median and 95th percentile over --requests requests after two warm-up
  requests, and the queries one request makes;
- the full CSV and XLSX exports: time until the view returns, until the first
  byte and until the whole streamed response is read (median of --export-runs),
  the rows, and, in one further run, the peak Python memory (tracemalloc) and
  the process's peak resident memory.

Prints Markdown tables and writes the figures as JSON to
bench/results/agencies-<sqlite|postgresql>.json; the script creates
bench/results/ if needed. The database is removed afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SETTINGS = "kairos_learning.settings.dev"
HOST = "127.0.0.1"
PAGES = [
    # label, query string (None: the last page, worked out from the staff count)
    ("Dashboard, first page", ""),
    ("Dashboard, ?status=overdue", "?status=overdue"),
    ("Dashboard, last page", None),
]


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def size(count: int) -> str:
    return f"{count / 2**20:.1f} MiB" if count >= 2**20 else f"{count / 1024:.0f} KiB"


def nearest_rank(timings: list[float], percent: int) -> float:
    ordered = sorted(timings)
    return ordered[math.ceil(percent / 100 * len(ordered)) - 1]


# The throwaway database ---------------------------------------------------------


def postgres_maintenance_url(url: str) -> tuple[str, str]:
    """The database's name, and a URL for the server's `postgres` database."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or "/" in name:
        raise SystemExit(f"No database name in {url}.")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to drop the database {name!r}: the benchmark drops and "
            "creates its database, so its name must contain 'bench'."
        )
    return name, urlunsplit(parts._replace(path="/postgres"))


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = postgres_maintenance_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name, maintenance = postgres_maintenance_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def analyse_postgres(url: str) -> float:
    """Gather the planner's statistics, as autovacuum would soon after a bulk
    load: without them PostgreSQL plans for a few hundred rows, not 20,000."""
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return time.perf_counter() - start


def manage(*arguments: str) -> float:
    """Run manage.py in a child process with this process's environment."""
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *arguments], check=True, cwd=ROOT
    )
    return time.perf_counter() - start


def generate(*arguments: str) -> float:
    """Run bench/generate_agencies.py in a child process with this environment."""
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "bench" / "generate_agencies.py"), *arguments],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def set_up(workdir: Path, database_url: str, args) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private-media")
    timings = {"migrate_s": round(manage("migrate", "--verbosity", "0"), 1)}
    if args.reuse_db:
        timings["generate_agencies_s"] = None
    else:
        timings["generate_agencies_s"] = round(
            generate(
                f"--agencies={args.agencies}",
                f"--learners={args.learners}",
                f"--courses={args.courses}",
                f"--big-agency={args.big_agency}",
                f"--sized={args.compare}",
                f"--seed={args.seed}",
            ),
            1,
        )
    if database_url.startswith("postgres"):
        timings["analyse_s"] = round(analyse_postgres(database_url), 1)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return timings


# Measurements -----------------------------------------------------------------


def big_agency_manager():
    from django.db.models import Count

    from agencies.models import Agency, Membership

    agency = (
        Agency.objects.annotate(people=Count("memberships"))
        .order_by("-people", "pk")
        .first()
    )
    membership = (
        Membership.objects.filter(agency=agency, role=Membership.Role.MANAGER)
        .filter(managed_teams__isnull=True)  # manages the whole agency
        .select_related("user")
        .first()
    )
    return agency, membership.user


def slowest_queries(queries: list[dict], count: int = 3) -> list[dict]:
    ranked = sorted(queries, key=lambda query: float(query["time"]), reverse=True)
    return [
        {"ms": round(float(query["time"]) * 1000, 1), "sql": query["sql"][:600]}
        for query in ranked[:count]
    ]


def measure_page(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm-up: templates, sessions, the database's caches
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}.")
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    # The log keeps 9,000 queries at most; a full log would capture nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return {
        "url": url,
        "requests": requests,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(nearest_rank(timings, 95), 1),
        "queries": len(captured.captured_queries),
        "query_ms": round(
            sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1
        ),
        "html_bytes": len(response.content),
        "slowest_queries": slowest_queries(captured.captured_queries),
        "full_queries": sorted(
            captured.captured_queries, key=lambda q: float(q["time"]), reverse=True
        ),
    }


def read_export(client, url: str, into: Path) -> dict:
    """Request an export and read the whole response, as a browser would."""
    start = time.perf_counter()
    response = client.get(url)
    returned = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}.")
    first_byte, received, chunks = None, 0, 0
    with into.open("wb") as file:
        for chunk in (
            response.streaming_content if response.streaming else [response.content]
        ):
            if first_byte is None:
                first_byte = time.perf_counter() - start
            file.write(chunk)
            received += len(chunk)
            chunks += 1
    total = time.perf_counter() - start
    response.close()
    return {
        "streaming": response.streaming,
        "response_class": type(response).__name__,
        "view_returned_ms": round(returned * 1000, 1),
        "first_byte_ms": round((first_byte or total) * 1000, 1),
        "total_ms": round(total * 1000, 1),
        "bytes": received,
        "chunks": chunks,
    }


def count_rows(path: Path, kind: str) -> tuple[int, int]:
    """Data rows (the header not counted) and columns in an exported file."""
    if kind == "csv":
        with path.open(newline="", encoding="utf-8") as file:
            rows = list(csv.reader(file))
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        # The data sheet: the first is "About this export".
        rows = list(workbook.worksheets[-1].iter_rows(values_only=True))
        workbook.close()
    return len(rows) - 1, len(rows[0]) if rows else 0


def measure_export(client, url: str, kind: str, runs: int, workdir: Path) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    into = workdir / f"export.{kind}"
    results = [read_export(client, url, into) for _ in range(runs)]
    rows, columns = count_rows(into, kind)
    # One more run, traced: tracemalloc slows Python down, so it is not timed.
    rss_before = peak_rss_mib()
    tracemalloc.start()
    tracemalloc.reset_peak()
    with CaptureQueriesContext(connection) as captured:
        read_export(client, url, into)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    def median(key):
        return round(statistics.median(result[key] for result in results), 1)

    return {
        "url": url,
        "runs": runs,
        "streaming": results[0]["streaming"],
        "response_class": results[0]["response_class"],
        "view_returned_ms": median("view_returned_ms"),
        "first_byte_ms": median("first_byte_ms"),
        "total_ms": median("total_ms"),
        "total_ms_each_run": [result["total_ms"] for result in results],
        "rows": rows,
        "columns": columns,
        "bytes": results[0]["bytes"],
        "chunks": results[0]["chunks"],
        "queries": len(captured.captured_queries),
        "query_ms": round(
            sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1
        ),
        "slowest_queries": slowest_queries(captured.captured_queries),
        "peak_traced_mib": round(traced_peak / 2**20, 1),
        "peak_rss_mib_before": round(rss_before, 1),
        "peak_rss_mib_after": round(peak_rss_mib(), 1),
    }


def database_facts() -> dict:
    from django.db import connection

    from agencies.models import Agency, Membership, Requirement
    from courses.models import Enrolment, StepProgress

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version, jit = cursor.fetchone()[0], None
        else:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
    return {
        "vendor": connection.vendor,
        "version": version,
        "jit": jit,
        "agencies": Agency.objects.count(),
        "memberships": Membership.objects.count(),
        "requirements": Requirement.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "step_progress": StepProgress.objects.count(),
    }


FLOOR_SLUG = "about-kairos-learning"


def floor_url() -> str:
    """A bare Wagtail page (Wagtail's own template, no learner data), as in
    bench/load.py: what serving anything at all costs here."""
    from wagtail.models import Page

    from kairos_learning.models import HomePage

    home = HomePage.objects.first()
    floor = Page.objects.child_of(home).filter(slug=FLOOR_SLUG).first()
    if floor is None:
        floor = home.add_child(instance=Page(title="About", slug=FLOOR_SLUG))
        floor.save_revision().publish()
    return floor.url


def compare_sizes(args) -> dict:
    """The dashboard (first page and ?status=overdue) for agencies of each
    size, beside the floor (asked for signed in), in this one run: the big
    agency (manager-1) and the --compare agencies (manager-2, manager-3,
    ...)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Membership

    User = get_user_model()
    # The floor as a signed-in person asks for it (her session and account
    # read, as bench/pages.py does), so that the ratios count what the
    # dashboard costs, not what being signed in costs.
    signed_in = Client(HTTP_HOST=HOST)
    signed_in.force_login(User.objects.get(email="manager-1@bench.test"))
    sizes = [args.big_agency] + [int(s) for s in args.compare.split(",") if s]
    pages = [("floor", None, signed_in, floor_url())]
    for index, _ in enumerate(sizes, start=1):
        manager = User.objects.get(email=f"manager-{index}@bench.test")
        people = Membership.objects.filter(agency__memberships__user=manager).count()
        client = Client(HTTP_HOST=HOST)
        client.force_login(manager)
        for label, query in (("first page", ""), ("overdue", "?status=overdue")):
            pages.append((label, people, client, reverse("agencies:dashboard") + query))
    # Queries and warm-up page by page; then the timed requests round robin,
    # each round asking for every page once, so that whatever else the machine
    # is doing slows the floor and the dashboards alike.
    measured = [measure_page(client, url, 1) for _, _, client, url in pages]
    timings: list[list[float]] = [[] for _ in pages]
    for _ in range(args.requests):
        for times, (_, _, client, url) in zip(timings, pages, strict=True):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
    for page, times in zip(measured, timings, strict=True):
        page["requests"] = len(times)
        page["median_ms"] = round(statistics.median(times), 1)
        page["p95_ms"] = round(nearest_rank(times, 95), 1)
    floor, rows = measured[0], []
    for (label, people, _, _), page in zip(pages[1:], measured[1:], strict=True):
        rows.append(
            {
                "people": people,
                "page": label,
                "median_ms": page["median_ms"],
                "p95_ms": page["p95_ms"],
                "queries": page["queries"],
                "to_floor": round(page["median_ms"] / floor["median_ms"], 2),
                "slowest_queries": page["slowest_queries"],
                "full_queries": page["full_queries"],
            }
        )
    return {"floor": floor, "rows": rows}


def explain(sql_rows: list[dict]) -> list[dict]:
    """EXPLAIN ANALYZE of the two slowest queries of the overdue dashboard of
    the biggest agency, on PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    plans = []
    for query in sql_rows[:2]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + query["sql"])
            plans.append({"sql": query["sql"], "plan": "\n".join(r[0] for r in cursor)})
    return plans


def benchmark(args, workdir: Path) -> dict:
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Membership, Requirement
    from agencies.selectors import PER_PAGE

    agency, manager = big_agency_manager()
    people = Membership.objects.filter(agency=agency).count()
    client = Client(HTTP_HOST=HOST)
    client.force_login(manager)
    dashboard = reverse("agencies:dashboard")
    rss_start = peak_rss_mib()
    pages = {}
    for label, query in PAGES:
        if query is None:
            query = f"?page={math.ceil(people / PER_PAGE)}"
        pages[label] = measure_page(client, dashboard + query, args.requests)
    exports = {
        f"{kind.upper()} export": measure_export(
            client,
            reverse(f"agencies:export_{kind}"),
            kind,
            args.export_runs,
            workdir,
        )
        for kind in ("csv", "xlsx")
    }
    comparison = compare_sizes(args) if args.compare else None
    plans = []
    if comparison:
        biggest = max(
            (r for r in comparison["rows"] if r["page"] == "overdue"),
            key=lambda r: r["people"],
        )
        plans = explain(biggest["full_queries"])
    return {
        "comparison": comparison,
        "plans": plans,
        "machine": {
            "machine": platform.machine(),
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
        },
        "database": database_facts(),
        "agency": {
            "name": agency.name,
            "people": people,
            "requirements": Requirement.objects.filter(agency=agency).count(),
            "manager": manager.email,
        },
        "settings": SETTINGS,
        "peak_rss_mib_before_requests": round(rss_start, 1),
        "pages": pages,
        "exports": exports,
    }


# Reporting --------------------------------------------------------------------


def print_comparison(result: dict) -> None:
    comparison = result.get("comparison")
    if not comparison:
        return
    floor = comparison["floor"]
    print(
        f"\nThe dashboard by agency size, beside the floor (a bare Wagtail page, "
        f"signed in: median {floor['median_ms']} ms, {floor['queries']} queries):\n"
    )
    print("| Agency size | Page | Median ms | p95 ms | × floor | Queries |")
    print("|---:|---|---:|---:|---:|---:|")
    for row in sorted(comparison["rows"], key=lambda r: (r["page"], r["people"])):
        print(
            f"| {row['people']:,} | {row['page']} | {row['median_ms']} | "
            f"{row['p95_ms']} | {row['to_floor']} | {row['queries']} |"
        )
    for page in ("first page", "overdue"):
        rows = sorted(
            (r for r in comparison["rows"] if r["page"] == page),
            key=lambda r: r["people"],
        )
        if len(rows) > 1:
            print(
                f"\n{page}: {rows[-1]['people']:,} people take "
                f"{rows[-1]['median_ms'] / rows[0]['median_ms']:.2f}× the time of "
                f"{rows[0]['people']:,}."
            )
    for plan in result.get("plans", []):
        print(f"\n```\n{plan['sql'][:400]}\n\n{plan['plan']}\n```")


def print_report(result: dict) -> None:
    machine, database, agency = (
        result["machine"],
        result["database"],
        result["agency"],
    )
    print(
        f"\nMachine: {machine['machine']}, {machine['cpu_count']} CPUs, "
        f"Python {machine['python']}, {machine['system']}"
    )
    jit = f" (JIT {database['jit']})" if database["jit"] else ""
    analysed = " and analysed" if "analyse_s" in result else ""
    print(
        f"Database: {database['vendor']} {database['version']}{jit}; "
        f"{database['agencies']} agencies, {database['memberships']:,} people, "
        f"{database['requirements']:,} requirements, "
        f"{database['enrolments']:,} enrolments. Migrated in "
        f"{result['migrate_s']} s, "
        + (
            "reused as a previous run left it."
            if result["generate_agencies_s"] is None
            else f"generated{analysed} in "
            f"{result['generate_agencies_s'] + result.get('analyse_s', 0):.1f} s."
        )
    )
    print(
        f"Measured as {agency['manager']}: {agency['name']}, "
        f"{agency['people']:,} people, {agency['requirements']:,} requirements.\n"
    )
    print("| Request | Median ms | p95 ms | Queries | Query ms | Size |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, page in result["pages"].items():
        print(
            f"| {label} | {page['median_ms']} | {page['p95_ms']} | "
            f"{page['queries']} | {page['query_ms']} | "
            f"{size(page['html_bytes'])} |"
        )
    print(
        "\n| Export | Streaming response | View returns ms | First byte ms | "
        "Total ms | Rows | Queries | Size | Peak Python MiB | Peak RSS MiB |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, export in result["exports"].items():
        print(
            f"| {label} | {'yes' if export['streaming'] else 'no'} | "
            f"{export['view_returned_ms']} | {export['first_byte_ms']} | "
            f"{export['total_ms']} | {export['rows']:,} | {export['queries']} | "
            f"{size(export['bytes'])} | {export['peak_traced_mib']} | "
            f"{export['peak_rss_mib_before']} → {export['peak_rss_mib_after']} |"
        )
    print(
        "\nMedians (dashboard: of the timed requests; exports: of the timed runs). "
        "Query ms: time in the database during one request, as Django logs it "
        "(on SQLite only execute() is timed, not fetching rows, so it is low). "
        "Peak Python memory: tracemalloc, one further run. Peak RSS: ru_maxrss "
        f"before and after that run (it was {result['peak_rss_mib_before_requests']}"
        " MiB before the first request)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL whose database name contains 'bench' "
        "(default: SQLite in a temporary directory)",
    )
    parser.add_argument("--agencies", type=int, default=50, help="default 50")
    parser.add_argument("--learners", type=int, default=20000, help="default 20000")
    parser.add_argument("--courses", type=int, default=30, help="default 30")
    parser.add_argument("--big-agency", type=int, default=5000, help="default 5000")
    parser.add_argument(
        "--compare",
        default="1000,20000",
        help="sizes of further agencies whose dashboards are compared with the "
        "big one's, beside the floor (default 1000,20000; '' for none)",
    )
    parser.add_argument("--seed", type=int, default=1, help="default 1")
    parser.add_argument(
        "--requests", type=int, default=20, help="timed requests per page (20)"
    )
    parser.add_argument(
        "--export-runs", type=int, default=3, help="timed runs per export (3)"
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure the PostgreSQL database a run with --keep left, as it is "
        "(migrated, not generated again)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database (and, for SQLite, its directory) afterwards",
    )
    args = parser.parse_args()
    if args.requests < 1 or args.export_runs < 1:
        parser.error("--requests and --export-runs must be at least 1")

    if args.database_url:
        scheme = urlsplit(args.database_url).scheme
        if scheme not in ("postgres", "postgresql", "pgsql"):
            parser.error("--database-url must be a PostgreSQL URL; omit it for SQLite")
        postgres_maintenance_url(args.database_url)  # refuses unsuitable names
    workdir = Path(tempfile.mkdtemp(prefix="kairos-bench-"))
    if args.database_url:
        database_url, backend = args.database_url, "postgresql"
        if not args.reuse_db:
            recreate_postgres(database_url)
    elif args.reuse_db:
        parser.error("--reuse-db needs --database-url")
    else:
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        backend = "sqlite"
    try:
        timings = set_up(workdir, database_url, args)
        result = {**timings, **benchmark(args, workdir)}
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep or args.reuse_db:
            print(f"\nKept the database: {database_url}")
        else:
            if backend == "postgresql":
                drop_postgres(database_url)
            shutil.rmtree(workdir, ignore_errors=True)
    print_report(result)
    print_comparison(result)
    for page in [
        *result["pages"].values(),
        *(result["comparison"] or {}).get("rows", []),
    ]:
        page.pop("full_queries", None)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"agencies-{backend}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
