"""Each page's cost beside the floor, in one process and one run.

    .venv/bin/python bench/pages.py [--requests 40] [--database-url URL]

Builds a throwaway SQLite database (or uses --database-url, which it migrates
and seeds), loads the demo content with `seed_demo`, adds the floor (a bare
Wagtail `Page` with Wagtail's own template, as in bench/load.py), then serves
every page through Django's test client, signed in as the demo learner (the
dashboard as the demo manager): a few warm-up requests, then --requests timed
rounds, each asking for every page once (so that whatever else the machine is
doing slows every page alike). For each page it prints the median time, that
median as a multiple of the floor's, and the queries of one request. Times
are for comparing pages measured together; the ratios are what
docs/performance.md keeps.

The budgets (issue "One learning record"): course, lesson, quiz, catalogue and
My learning at most 12 queries and 2x the floor; home and the certificate check
at most 1.5x the floor. A page over budget is marked with "!".
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SLUG = "about-kairos-learning"

# name, who, budget: (max queries or None, max ratio to the floor)
PAGES = [
    ("floor", "learner", (None, None)),
    ("home", "learner", (None, 1.5)),
    ("verification", "visitor", (None, 1.5)),
    ("catalogue", "learner", (12, 2.0)),
    ("course", "learner", (12, 2.0)),
    ("lesson", "learner", (12, 2.0)),
    ("quiz", "learner", (12, 2.0)),
    ("my_learning", "learner", (12, 2.0)),
    ("dashboard", "manager", (8, None)),
]


def _setup(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="kairos-pages-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kairos_learning.settings.dev"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'db.sqlite3'}"
    # One visitor checks the certificate many times here: the rate limit still
    # counts every check, but must not refuse them.
    os.environ["CERTIFICATE_VERIFY_RATE"] = "1000000"
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(workdir / "private-media"))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def _urls() -> dict[str, str]:
    from django.urls import reverse
    from wagtail.models import Page

    from certificates.models import Certificate
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from kairos_learning.models import HomePage
    from quizzes.models import QuizPage

    home = HomePage.objects.live().first()
    floor = Page.objects.child_of(home).filter(slug=FLOOR_SLUG).first()
    if floor is None:
        floor = home.add_child(instance=Page(title="About Kairos", slug=FLOOR_SLUG))
        floor.save_revision().publish()
    # The course the demo learner is part-way through.
    course = CoursePage.objects.live().order_by("path").first()
    return {
        "floor": floor.url,
        "home": home.url,
        # The QR code's target: what anyone checking a certificate opens.
        "verification": reverse(
            "certificates:verify", args=[Certificate.objects.first().token]
        ),
        "catalogue": CourseIndexPage.objects.live().first().url,
        "course": course.url,
        "lesson": LessonPage.objects.live().child_of(course).first().url,
        "quiz": QuizPage.objects.live().child_of(course).first().url,
        "my_learning": reverse("courses:my_learning"),
        "dashboard": reverse("agencies:dashboard"),
    }


def _clients():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from courses import services as course_services
    from courses.models import CoursePage

    User = get_user_model()
    learner = User.objects.get(email="learner@kairos.test")
    course = CoursePage.objects.live().order_by("path").first()
    course_services.enrol(user=learner, course=course)
    clients = {"visitor": Client()}
    for role, email in (("learner", learner.email), ("manager", "manager@kairos.test")):
        client = Client()
        client.force_login(User.objects.get(email=email))
        clients[role] = client
    return clients


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _check(name: str, response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{name} answered {response.status_code}, not 200")


def measure(requests: int) -> list[dict]:
    from django.db import connection

    urls, clients = _urls(), _clients()
    queries = {}
    for name, who, _budget in PAGES:
        client, url = clients[who], urls[name]
        for _ in range(5):
            _check(name, client.get(url))
        # A wrapper counts every query; `connection.queries` stops at 9,000
        # entries, which seed_demo alone fills under DEBUG.
        counter = _Counter()
        with connection.execute_wrapper(counter):
            _check(name, client.get(url))
        queries[name] = counter.count
    # Round robin: each round asks for every page once, so whatever else the
    # machine is doing slows the floor and the pages alike.
    times: dict[str, list[float]] = {name: [] for name, _who, _budget in PAGES}
    for _ in range(requests):
        for name, who, _budget in PAGES:
            start = time.perf_counter()
            response = clients[who].get(urls[name])
            times[name].append((time.perf_counter() - start) * 1000)
            _check(name, response)
    results = [
        {
            "page": name,
            "who": who,
            "median_ms": statistics.median(times[name]),
            "queries": queries[name],
            "budget": budget,
        }
        for name, who, budget in PAGES
    ]
    floor = results[0]["median_ms"]
    for result in results:
        result["ratio"] = result["median_ms"] / floor
    return results


def table(results: list[dict]) -> str:
    lines = [
        "| Page | Signed in as | Median | × floor | Queries | Budget |",
        "|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        max_queries, max_ratio = r["budget"]
        over = (max_queries is not None and r["queries"] > max_queries) or (
            max_ratio is not None and r["ratio"] > max_ratio
        )
        budget = ", ".join(
            part
            for part in (
                f"≤ {max_queries} queries" if max_queries is not None else "",
                f"≤ {max_ratio}×" if max_ratio is not None else "",
            )
            if part
        )
        lines.append(
            f"| {r['page']} | {r['who']} | {r['median_ms']:.1f} ms | "
            f"{r['ratio']:.2f}× | {r['queries']} | {budget or '—'}"
            f"{' !' if over else ''} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _setup(args.database_url)
    print(table(measure(args.requests)))


if __name__ == "__main__":
    main()
