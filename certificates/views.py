import io
import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from core.faults import warn_at_most_once_a_minute
from core.forms import posted
from core.ratelimit import rate_limited

from . import cpd_record, references, selectors, services
from .forms import VerifyForm
from .models import Certificate

logger = logging.getLogger(__name__)

# The file storage (S3, or a volume) failing or timing out: not her fault, and
# not for ever.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


def _verify_rate():
    return settings.CERTIFICATE_VERIFY_RATE


def _not_indexed(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
@login_required
def my_certificates(request):
    entries = selectors.cpd_record(user=request.user)
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": selectors.learner_certificates(user=request.user),
            "cpd_entries": entries,
            "cpd_total": selectors.cpd_hours_total(entries),
        },
    )


def _her_file(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def cpd_record_csv(request):
    """Her own CPD record as CSV: only ever the signed-in learner's."""
    return _her_file(
        cpd_record.as_csv(selectors.cpd_record(user=request.user)),
        content_type="text/csv; charset=utf-8",
        filename=f"Kairos CPD record {timezone.localdate():%Y-%m-%d}.csv",
    )


@require_GET
@login_required
def cpd_record_pdf(request):
    """Her own CPD record as a PDF: only ever the signed-in learner's."""
    from . import rendering  # WeasyPrint loads only where PDFs are made.

    entries = selectors.cpd_record(user=request.user)
    content = rendering.render_cpd_record(
        learner_name=request.user.full_name or request.user.email,
        entries=entries,
        total_hours=selectors.cpd_hours_total(entries),
        lookup_url=services.lookup_url(),  # in the language being read
    )
    return _her_file(
        content,
        content_type="application/pdf",
        filename=f"Kairos CPD record {timezone.localdate():%Y-%m-%d}.pdf",
    )


@require_GET
@login_required
def download(request, pk: int):
    certificate = get_object_or_404(Certificate, pk=pk)
    if not selectors.can_download(user=request.user, certificate=certificate):
        raise Http404
    return pdf_response(request, certificate)


@require_GET
@login_required
def for_course(request, course_id: int):
    """Her certificate for a course (the latest in force), from My learning: on
    to its download. With none in force (still being issued, or withdrawn) she
    goes to her list of certificates, which says where each one stands."""
    certificate = selectors.latest_for_course(user=request.user, course_id=course_id)
    if certificate is None:
        return redirect("certificates:mine")
    return redirect("certificates:download", pk=certificate.pk)


def pdf_response(request, certificate: Certificate):
    """The stored PDF as a download, or "being prepared" while it renders. The
    caller has already checked that the person asking may have it."""
    if not certificate.is_ready:
        return render(
            request,
            "certificates/being_prepared.html",
            {"certificate": certificate},
            status=202,
        )
    # Read whole (a one-page PDF is tens of kilobytes), so a storage failure
    # becomes a page saying so rather than a download cut short.
    try:
        with certificate.pdf.open("rb") as stored:
            content = stored.read()
    except STORAGE_ERRORS as error:
        warn_at_most_once_a_minute(
            logger,
            "certificate-storage",
            "Certificate %s could not be read from storage (%s: %s).",
            certificate.pk,
            type(error).__name__,
            error,
        )
        response = render(
            request,
            "certificates/storage_unavailable.html",
            {"certificate": certificate},
            status=503,
        )
        response["Retry-After"] = "60"
        # Logged above, once a minute; not again as a server error per request.
        response._has_been_logged = True
        return response
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"Kairos certificate {certificate.reference}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@rate_limited(scope="certificate-verify", limit=_verify_rate)
def verify(request, token: str):
    """The QR code's target: anyone holding the certificate can check it."""
    certificate = selectors.by_token(token)
    if certificate is None:
        return _not_indexed(
            render(request, "certificates/verify_unknown_link.html", status=404)
        )
    return _not_indexed(
        render(request, "certificates/verify_result.html", {"certificate": certificate})
    )


@require_http_methods(["GET", "POST"])
@rate_limited(scope="certificate-verify", limit=_verify_rate)
def verify_reference(request):
    """Check a certificate by its printed reference and the learner's surname."""
    form = VerifyForm(posted(request))
    outcome = None
    if request.method == "POST" and form.is_valid():
        result = selectors.by_reference(
            reference=form.cleaned_data["reference"],
            surname=form.cleaned_data["surname"],
        )
        if result.outcome is selectors.Lookup.FOUND:
            return _not_indexed(
                render(
                    request,
                    "certificates/verify_result.html",
                    {"certificate": result.certificate},
                )
            )
        outcome = result.outcome.value
    return _not_indexed(
        render(
            request,
            "certificates/verify_form.html",
            {
                "form": form,
                "outcome": outcome,
                "alphabet": " ".join(references.ALPHABET),
            },
        )
    )
