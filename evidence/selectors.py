"""Reads for evidence builds: who may see a build, what a build holds (the same
requirements and statuses the dashboard and its exports read), and where each
certificate in a pack stands today."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from accounts.roles import is_trainer
from agencies import selectors as agency_selectors
from agencies.models import Agency, Requirement
from agencies.selectors import Filters, Scope, Status
from certificates import selectors as certificate_selectors
from certificates.models import Certificate

from .models import Build

CHUNK_SIZE = 500
# The statuses whose certificate is in force as at the pack's date: completed,
# and not past the completion's expiry.
IN_FORCE = tuple(Status.DONE)


def scope_of_build(build: Build) -> Scope:
    """What the person who asked for the build could see when she asked."""
    teams = build.filters.get("scope_teams")
    return Scope(
        agency=build.agency,
        team_ids=frozenset(teams) if teams is not None else None,
    )


def dashboard_filters(build: Build) -> Filters:
    """The dashboard's filters the build was asked for with."""
    f = build.filters
    return Filters(
        team=f.get("team"),
        course=f.get("course"),
        status=f.get("status", ""),
        query=f.get("query", ""),
        sort=f.get("sort", "name"),
    )


def requirements_for(build: Build) -> QuerySet[Requirement]:
    """Every assigned course in the build, with its status as at its date: the
    dashboard's filters (`staff_requirements`, as the exports read them), then
    the courses and teams chosen for a pack."""
    requirements = agency_selectors.staff_requirements(
        scope_of_build(build), dashboard_filters(build), today=build.as_at
    )
    courses = build.filters.get("courses") or []
    teams = build.filters.get("teams") or []
    if courses:
        requirements = requirements.filter(course_id__in=courses)
    if teams:
        requirements = requirements.filter(user__membership__team_id__in=teams)
    return requirements


def certificate_chunks(
    build: Build, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[list[Certificate]]:
    """The certificates in force for the build's people and courses, a chunk at
    a time in the report's order (one query to read the pairs, one per chunk):
    each person's latest certificate in force for each course she has completed
    and whose completion has not expired as at the build's date."""
    pairs = (
        requirements_for(build)
        .filter(status__in=IN_FORCE)
        .values_list("user_id", "course_id")
    )
    chunk: list[tuple[int, int]] = []
    for pair in pairs.iterator(chunk_size=chunk_size):
        chunk.append(pair)
        if len(chunk) == chunk_size:
            yield _certificates_of(chunk, build.as_at)
            chunk = []
    if chunk:
        yield _certificates_of(chunk, build.as_at)


def _certificates_of(pairs, as_at: datetime.date) -> list[Certificate]:
    found = certificate_selectors.latest_in_force(pairs)
    return [
        certificate
        for pair in pairs
        if (certificate := found.get(pair)) is not None
        and (certificate.expires_on is None or certificate.expires_on >= as_at)
    ]


def counts_for(build: Build) -> tuple[int, int]:
    """(rows, certificates at most) in the build, for its progress bar."""
    requirements = requirements_for(build)
    rows = requirements.count() if build.kind != Build.Kind.CERTIFICATES else 0
    certificates = (
        requirements.filter(status__in=IN_FORCE).count()
        if build.kind in (Build.Kind.PACK, Build.Kind.CERTIFICATES)
        else 0
    )
    return rows, certificates


# Who may see a build ---------------------------------------------------------------


def build_for(user, pk: int) -> Build | None:
    """The build, if this person may see it: a trainer any; a manager of the
    whole agency her agency's; a manager of some teams only her own. Anyone
    else is told it does not exist."""
    if not user.is_authenticated:
        return None
    build = Build.objects.filter(pk=pk).select_related("agency").first()
    if build is None:
        return None
    if is_trainer(user):
        return build
    scope = agency_selectors.manager_scope(user)
    if scope is None or build.agency_id != scope.agency.pk:
        return None
    if scope.whole_agency or build.built_by_id == user.pk:
        return build
    return None


def recent_builds(*, user, agency: Agency, limit: int = 10) -> list[Build]:
    """Her agency's latest evidence packs she may see, newest first."""
    builds = Build.objects.filter(agency=agency, kind=Build.Kind.PACK)
    scope = agency_selectors.manager_scope(user)
    if scope is not None and not scope.whole_agency:
        builds = builds.filter(built_by=user)
    return list(builds.order_by("-created_at", "-pk")[:limit])


def by_token(token: str) -> Build | None:
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return (
        Build.objects.select_related("built_by")
        .filter(
            token=token,
            status=Build.State.READY,
            kind__in=[Build.Kind.PACK, Build.Kind.CERTIFICATES],
        )
        .first()
    )


def certificates_now(build: Build) -> dict[str, Certificate]:
    """{reference: certificate} for each certificate the build's manifest
    lists, as it stands now (one query)."""
    references = [
        entry["reference"] for entry in build.manifest.get("certificates", [])
    ]
    if not references:
        return {}
    return {
        certificate.reference: certificate
        for certificate in Certificate.objects.filter(reference__in=references)
    }


# What the public page shows in place of the name of someone whose account was
# erased after the pack was built (privacy.services blanks her certificates).
NAME_REMOVED = gettext_lazy("Name removed: account erased")


@dataclass(frozen=True)
class Verification:
    """The pack's public page: each certificate as it stands today, and each
    file with its fingerprint, never naming anyone whose account was erased."""

    certificates: list[tuple[dict, Certificate | None, str]]  # entry, now, name
    files: list[tuple[str, str, int]]  # name shown, sha256, size


def verification(build: Build) -> Verification:
    current = certificates_now(build)
    certificates, erased_files = [], set()
    for entry in build.manifest.get("certificates", []):
        certificate = current.get(entry["reference"])
        if certificate is None or not certificate.learner_name:
            erased_files.add(entry.get("file"))
            name = NAME_REMOVED
        else:
            name = entry.get("learner", "")
        certificates.append((entry, certificate, name))
    files = [
        (
            f"certificates/{NAME_REMOVED} – {file['sha256'][:12]}.pdf"
            if file["name"] in erased_files
            else file["name"],
            file["sha256"],
            file["size"],
        )
        for file in build.manifest.get("files", [])
    ]
    return Verification(certificates=certificates, files=files)
