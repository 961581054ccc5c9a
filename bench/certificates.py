"""Benchmark certificate PDF rendering (certificates.rendering.render_pdf).

    .venv/bin/python bench/certificates.py [--renders N]

Runs with the dev settings against a throwaway SQLite database and media folders
in a temporary directory, removed afterwards: no existing data is read or
changed. After one warm-up render it times N renders of an unsaved certificate
and prints a Markdown table. The same figures are written as JSON to
bench/results/certificates.json; the script creates bench/results/ if needed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "certificates.json"


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def set_up(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kairos_learning.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private-media")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)  # Wagtail's migrations add the default Site


def benchmark(renders: int) -> dict:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone

    from certificates import rendering, services
    from certificates.models import Certificate

    now = timezone.now()
    certificate = Certificate(  # unsaved: render_pdf needs no database row
        learner_name="Leah Morgan",
        course_title="Trauma-informed practice",
        cpd_hours=Decimal("1.5"),
        completed_at=now,
        expires_on=(now + timedelta(days=3 * 365)).date(),
    )
    arguments = {
        "design": services.certificate_design(),
        "verify_url": services.verification_url(certificate),
        "lookup_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("certificates:verify_reference"),
    }
    rss_before = peak_rss_mib()
    rendering.render_pdf(certificate, **arguments)  # warm-up: fonts, stylesheet
    rss_warm = peak_rss_mib()
    timings = []
    for _ in range(renders):
        start = time.perf_counter()
        pdf = rendering.render_pdf(certificate, **arguments)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "renders": renders,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[math.ceil(0.95 * renders) - 1], 1),  # nearest rank
        "pdf_bytes": len(pdf),
        "peak_rss_mib_before_warm_up": round(rss_before, 1),
        "peak_rss_mib_after_warm_up": round(rss_warm, 1),
        "peak_rss_mib_after_renders": round(peak_rss_mib(), 1),
        "machine": {
            "processor": platform.processor() or platform.machine(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="default 200")
    renders = parser.parse_args().renders
    if renders < 1:
        parser.error("--renders must be at least 1")
    with tempfile.TemporaryDirectory(prefix="kairos-bench-") as workdir:
        set_up(Path(workdir))
        result = benchmark(renders)
    machine = result["machine"]
    print(
        f"Machine: {machine['processor']}, {machine['cpu_count']} CPUs, "
        f"Python {machine['python']}\n"
    )
    print("| Measure | Value |\n|---|---|")
    for key, value in result.items():
        if key != "machine":
            print(f"| {key} | {value} |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
