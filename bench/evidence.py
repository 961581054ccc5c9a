"""Benchmark building an evidence pack (evidence.services.run_build) as an
agency grows: wall time and peak memory at each size.

    .venv/bin/python bench/evidence.py [--sizes 1000:400,5000:2000]

Each size is PEOPLE:CERTIFICATES: an agency of that many people in ten teams,
all assigned one course, of whom the first CERTIFICATES have completed it with
a certificate in force. Runs with the dev settings against a throwaway SQLite
database and media folders in a temporary directory, removed afterwards: no
existing data is read or changed.

The data is written with bulk_create, not through the services, so that
generating 5,000 people takes seconds. Every certificate's PDF is the bytes of
ONE real rendered certificate, written once per certificate to its own file:
the pack copies and hashes real PDF bytes of a real size, but the bench does
not time rendering 2,000 certificates (bench/certificates.py times rendering).
The pack's summary PDF and spreadsheet are built for real.

Peak memory is measured two ways for each build: tracemalloc's peak of Python
allocations during the build (reset before each), and the process's peak
resident memory (ru_maxrss, which only ever grows, so it shows the largest
build's). Memory should stay flat as the pack grows: rows and certificates are
read in chunks and written to a temporary file as they go. Results are written
to bench/results/evidence.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "evidence.json"
TEAMS = 10
BATCH = 500


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def set_up(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kairos_learning.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private-media")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # The "ready to download" email goes nowhere.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)


def course_and_pdf():
    """One course page, and the bytes of one real rendered certificate."""
    from django.utils import timezone
    from wagtail.models import Page, Site

    from certificates import rendering, services
    from certificates.models import Certificate
    from courses.tests.factories import CourseIndexPageFactory, make_course
    from kairos_learning.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Kairos Learning", slug="bench"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Kairos"},
    )
    catalogue = CourseIndexPageFactory(parent=home)
    course = make_course(
        catalogue=catalogue, lessons=1, title="Trauma-informed practice"
    )
    sample = Certificate(
        learner_name="Leah Morgan",
        course_title=course.title,
        cpd_hours=Decimal("1.5"),
        completed_at=timezone.now(),
    )
    pdf = rendering.render_pdf(
        sample,
        design=services.certificate_design(),
        verify_url=services.verification_url(sample),
        lookup_url=services.lookup_url(),
    )
    return course, pdf


def generate(*, number: int, people: int, certificates: int, course, pdf: bytes):
    """An agency of `people` in ten teams, the course assigned to everyone, the
    first `certificates` of them completed with a certificate each."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import User
    from agencies.models import Agency, Assignment, Membership, Requirement, Team
    from certificates.models import Certificate, certificate_storage, pdf_path

    today = timezone.localdate()
    now = timezone.now()
    agency = Agency.objects.create(
        name=f"Bench agency {number}", kind=Agency.Kind.PROBATION
    )
    teams = Team.objects.bulk_create(
        [Team(agency=agency, name=f"Team {n + 1}") for n in range(TEAMS)]
    )
    manager = User.objects.create_user(
        email=f"manager{number}@bench.test", password=None, full_name="Maya Brooks"
    )
    Membership.objects.create(user=manager, agency=agency, role=Membership.Role.MANAGER)
    users = User.objects.bulk_create(
        [
            User(
                email=f"person{number}-{n}@bench.test",
                full_name=f"Person{n} Surname{n}",
                password="!",  # noqa: S106 (an unusable password: nobody signs in)
            )
            for n in range(people)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, agency=agency, team=teams[n % TEAMS])
            for n, user in enumerate(users)
        ],
        batch_size=BATCH,
    )
    assignment = Assignment.objects.create(
        agency=agency,
        course=course,
        due_date=today + datetime.timedelta(days=30),
        assigned_by=manager,
    )
    done_on = today - datetime.timedelta(days=20)
    Requirement.objects.bulk_create(
        [
            Requirement(
                user=user,
                course=course,
                agency=agency,
                assignment=assignment,
                due_date=assignment.due_date,
                started_on=done_on if n < certificates else None,
                completed_on=done_on if n < certificates else None,
            )
            for n, user in enumerate(users)
        ],
        batch_size=BATCH,
    )
    storage = certificate_storage()
    rows = []
    for user in users[:certificates]:
        certificate = Certificate(
            user=user,
            course=course,
            learner_name=user.full_name,
            course_title=course.title,
            cpd_hours=Decimal("1.5"),
            completed_at=now - datetime.timedelta(days=20),
            issued_at=now - datetime.timedelta(days=20),
            rendered_at=now,
        )
        # The same real PDF's bytes for each (see the module's docstring).
        certificate.pdf.name = storage.save(
            pdf_path(certificate, "x.pdf"), ContentFile(pdf)
        )
        rows.append(certificate)
    Certificate.objects.bulk_create(rows, batch_size=BATCH)
    return agency, manager


def build_pack(agency, manager) -> dict:
    from agencies.selectors import Scope
    from evidence import services

    build = services.request_build(
        kind="pack", scope=Scope(agency=agency), by=manager, start=False
    )
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    if not services.run_build(build.pk):
        raise SystemExit(f"The pack for {agency.name} did not build.")
    seconds = time.perf_counter() - start
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    build.refresh_from_db()
    return {
        "rows": build.row_count,
        "certificates": build.certificate_count,
        "zip_mib": round(build.size / 2**20, 1),
        "seconds": round(seconds, 1),
        "python_peak_mib": round(traced_peak / 2**20, 1),
        "peak_rss_mib_so_far": round(peak_rss_mib(), 1),
    }


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        people, _, certificates = part.partition(":")
        people, certificates = int(people), int(certificates or 0)
        if people < 1 or not 0 <= certificates <= people:
            raise ValueError(part)
        sizes.append((people, certificates))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1000:400,5000:2000",
        help="PEOPLE:CERTIFICATES,... (default 1000:400,5000:2000)",
    )
    arguments = parser.parse_args()
    try:
        sizes = parse_sizes(arguments.sizes)
    except ValueError as error:
        parser.error(f"--sizes: not PEOPLE:CERTIFICATES with 0 <= C <= P: {error}")
    results = []
    with tempfile.TemporaryDirectory(prefix="kairos-bench-") as workdir:
        set_up(Path(workdir))
        course, pdf = course_and_pdf()
        print(
            f"Each certificate's PDF is one real rendered certificate's bytes "
            f"({len(pdf):,} bytes), written once per certificate: rendering is "
            f"not timed here (see bench/certificates.py).\n"
        )
        for number, (people, certificates) in enumerate(sizes, start=1):
            start = time.perf_counter()
            agency, manager = generate(
                number=number,
                people=people,
                certificates=certificates,
                course=course,
                pdf=pdf,
            )
            generated = time.perf_counter() - start
            result = {
                "people": people,
                "generated_in_seconds": round(generated, 1),
                **build_pack(agency, manager),
            }
            results.append(result)
    machine = {
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(
        f"Machine: {machine['processor']}, {machine['cpu_count']} CPUs, "
        f"Python {machine['python']}\n"
    )
    print(
        "| People | Rows | Certificates | ZIP (MiB) | Build (s) "
        "| Python peak (MiB) | Peak RSS so far (MiB) |\n|---|---|---|---|---|---|---|"
    )
    for r in results:
        print(
            f"| {r['people']:,} | {r['rows']:,} | {r['certificates']:,} "
            f"| {r['zip_mib']} | {r['seconds']} | {r['python_peak_mib']} "
            f"| {r['peak_rss_mib_so_far']} |"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "pdf_note": "one real certificate PDF's bytes for every certificate",
                "pdf_bytes": len(pdf),
                "results": results,
                "machine": machine,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
