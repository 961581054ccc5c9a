"""Reads for certificates: a learner's own, who may download, verification."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from enum import Enum

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from courses import rules
from courses import selectors as course_selectors
from courses.models import Enrolment

from . import references
from .models import WELSH, Certificate, CertificateSettings


def learner_certificates(*, user):
    """Her certificates, newest first, revoked and expired ones included; each
    knows its course and whether it was replaced, in one query."""
    return (
        Certificate.objects.filter(user=user)
        .select_related("course", "completion")
        .annotate(
            was_reissued=Exists(Certificate.objects.filter(reissue_of=OuterRef("pk")))
        )
        .order_by("-issued_at", "-pk")
    )


def latest_by_course(*, user) -> dict[int, Certificate]:
    """Her most recent certificate in force for each course."""
    latest: dict[int, Certificate] = {}
    for certificate in learner_certificates(user=user).filter(revoked_at__isnull=True):
        latest.setdefault(certificate.course_id, certificate)
    return latest


def latest_for_course(*, user, course_id: int) -> Certificate | None:
    """Her most recent certificate in force for one course, if any."""
    return (
        Certificate.objects.filter(
            user=user, course_id=course_id, revoked_at__isnull=True
        )
        .order_by("-issued_at", "-pk")
        .first()
    )


def latest_in_force(pairs) -> dict[tuple[int, int], Certificate]:
    """{(user id, course id): her most recent certificate in force} for these
    pairs, in one query (exports read them a chunk at a time)."""
    pairs = set(pairs)
    if not pairs:
        return {}
    latest: dict[tuple[int, int], Certificate] = {}
    certificates = Certificate.objects.filter(
        user_id__in={user_id for user_id, _ in pairs},
        course_id__in={course_id for _, course_id in pairs},
        revoked_at__isnull=True,
    ).order_by("-issued_at", "-pk")
    for certificate in certificates:
        key = (certificate.user_id, certificate.course_id)
        if key in pairs:
            latest.setdefault(key, certificate)
    return latest


def with_status(certificates, status: str):
    """Certificates in one of the statuses trainers filter by, in SQL: the same
    rules as `Certificate.status` and `Certificate.expires_soon`."""
    today = timezone.localdate()
    in_force = Q(revoked_at__isnull=True)
    current = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    conditions = {
        "valid": in_force & current,
        "expiring": in_force & Q(expires_on__range=rules.expiring_between(today)),
        "expired": in_force & Q(expires_on__lt=today),
        "revoked": Q(revoked_at__isnull=False),
        "awaiting_pdf": in_force & Q(pdf=""),
    }
    return (
        certificates.filter(conditions[status])
        if status in conditions
        else certificates
    )


def can_download(*, user, certificate: Certificate) -> bool:
    """The learner herself (while it is not revoked), and Kairos trainers and
    admins. Everyone else is told the certificate does not exist."""
    if not user.is_authenticated:
        return False
    if user.has_perm("certificates.view_certificate"):
        return True
    return certificate.user_id == user.pk and certificate.revoked_at is None


def awaiting_render(*, older_than: timedelta):
    """Certificates in force whose PDF has not appeared after a grace period."""
    return Certificate.objects.filter(
        revoked_at__isnull=True,
        pdf="",
        issued_at__lt=timezone.now() - older_than,
    )


def completions_without_certificate(*, older_than: timedelta):
    """Completed enrolments with no certificate for their completion."""
    issued = Certificate.objects.filter(
        user=OuterRef("user"),
        course=OuterRef("course"),
        completed_at=OuterRef("completed_at"),
        revoked_at__isnull=True,
    )
    return Enrolment.objects.filter(
        completed_at__isnull=False,
        completed_at__lt=timezone.now() - older_than,
    ).filter(~Exists(issued))


class Lookup(Enum):
    FOUND = "found"
    MISTYPED = "mistyped"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class LookupResult:
    outcome: Lookup
    certificate: Certificate | None = None


def by_token(token: str) -> Certificate | None:
    # (PostgreSQL refuses a NUL in a query: no token holds one anyway.)
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return Certificate.objects.filter(token=token).select_related("completion").first()


def _name_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("\u2019", "'").split()


def surname_matches(*, learner_name: str, typed: str) -> bool:
    """True when what was typed is the end of the name on the certificate,
    ignoring case and accents ("Smith", "van der Berg", "O'Neill")."""
    typed_words = _name_words(typed)
    name_words = _name_words(learner_name)
    return bool(typed_words) and name_words[-len(typed_words) :] == typed_words


def by_reference(*, reference: str, surname: str) -> LookupResult:
    """Find a certificate by its printed reference and the learner's surname.

    A reference that fails its check character is MISTYPED; a well-formed one
    with no certificate, or with a different surname, is NOT_FOUND (the two are
    not told apart, so nobody learns that a reference exists).
    """
    check, stored = references.check(reference)
    if check is references.Check.MISTYPED:
        return LookupResult(Lookup.MISTYPED)
    certificate = (
        Certificate.objects.filter(reference=stored)
        .select_related("completion")
        .first()
    )
    if certificate is None or not surname_matches(
        learner_name=certificate.learner_name, typed=surname
    ):
        return LookupResult(Lookup.NOT_FOUND)
    return LookupResult(Lookup.FOUND, certificate)


# Her CPD record ------------------------------------------------------------------


@dataclass(frozen=True)
class CpdEntry:
    """One completed course in her CPD record."""

    course_title: str
    completed_on: object  # datetime.date
    cpd_hours: Decimal
    version: str  # "version of 26 November 2026"
    fingerprint: str  # the first characters of the content's SHA-256
    reference: str  # "" when no certificate was issued (yet)
    certificate_status: str  # "Valid", "Expired", "Withdrawn", or "" (translated)
    certificate_state: str = ""  # "valid", "expired", "revoked", or ""


def _certificate_of(completion) -> Certificate | None:
    """The completion's certificate in force, else its latest one."""
    certificates = list(completion.certificates.all())
    in_force = [c for c in certificates if c.revoked_at is None]
    return (in_force or certificates or [None])[0]


STATUS_WORDS = {
    Certificate.Status.VALID: pgettext_lazy("certificate", "Valid"),
    Certificate.Status.EXPIRED: pgettext_lazy("certificate", "Expired"),
    Certificate.Status.REVOKED: pgettext_lazy("certificate", "Withdrawn"),
}


def cpd_record(*, user) -> list[CpdEntry]:
    """Every course she has completed, renewals included, newest first, from
    her completion history with the certificate of each: two queries."""
    completions = course_selectors.completion_history(user=user).prefetch_related(
        Prefetch(
            "certificates",
            queryset=Certificate.objects.order_by("-issued_at", "-pk"),
        )
    )
    entries = []
    for completion in completions:
        certificate = _certificate_of(completion)
        course = completion.course
        entries.append(
            CpdEntry(
                course_title=(
                    certificate.title_in(translation.get_language())
                    if certificate
                    else course.title
                ),
                completed_on=timezone.localdate(completion.completed_at),
                cpd_hours=(
                    certificate.cpd_hours
                    if certificate
                    else completion.course.cpd_hours
                ),
                version=completion.version_label,
                fingerprint=completion.short_fingerprint,
                reference=certificate.reference if certificate else "",
                certificate_status=(
                    str(STATUS_WORDS[certificate.status]) if certificate else ""
                ),
                certificate_state=certificate.status.value if certificate else "",
            )
        )
    return entries


def cpd_hours_total(entries: list[CpdEntry]) -> Decimal:
    return sum((entry.cpd_hours for entry in entries), Decimal(0))


# The certificate design's sample ------------------------------------------------

SAMPLE_LEARNER = "Sample Learner"
SAMPLE_REFERENCE = "SAMPLE"


def design_as_saved(site) -> CertificateSettings:
    """The certificate design saved for a site, or the design a site starts
    with if none has been saved yet: read only, nothing is created."""
    return CertificateSettings.objects.filter(site=site).first() or (
        CertificateSettings(site=site)
    )


def course_titles_by_language(course) -> tuple[str, str]:
    """(English title, Welsh title) of a course, for its certificate: the English
    source page's title, and its live Welsh translation's ("" if it has none)."""
    from wagtail.models import Locale

    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(
            language_code__in=[settings.LANGUAGE_CODE, WELSH]
        )
    }

    def translation_of(code: str, *, live: bool):
        locale = locales.get(code)
        if locale is None:
            return None
        if course.locale_id == locale.pk:
            return course
        page = course.get_translation_or_none(locale)
        return page if page is not None and (page.live or not live) else None

    english = translation_of(settings.LANGUAGE_CODE, live=False) or course
    welsh = translation_of(WELSH, live=True)
    return english.title, welsh.title if welsh is not None else ""


def sample_certificate() -> Certificate:
    """A certificate to show the design on, never saved: made out to "Sample
    Learner" for the newest published course (a placeholder title if there is
    none), completed today, in the language being read (a certificate "in the
    learner's language" is printed as hers would be if she read this one)."""
    from core.languages import supported

    course = next(iter(course_selectors.featured_courses(limit=1)), None)
    if course is not None:
        english_title, welsh_title = course_titles_by_language(course)
    else:
        english_title, welsh_title = "Title of the course", "Teitl y cwrs"
    return Certificate(
        learner_name=SAMPLE_LEARNER,
        course_title=english_title,
        course_title_welsh=welsh_title,
        language=supported(translation.get_language()),
        cpd_hours=course.cpd_hours if course else Decimal("1.5"),
        completed_at=timezone.now(),
        expires_on=rules.expires_on(
            completed_on=timezone.localdate(),
            months=course.validity_months if course else None,
        ),
        reference=SAMPLE_REFERENCE,
    )
