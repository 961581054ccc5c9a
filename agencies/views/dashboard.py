"""The dashboard and its exports: her staff, filtered, as a page, CSV or XLSX."""

from __future__ import annotations

import csv
import tempfile
from urllib.parse import urlencode

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from audit import services as audit  # audit log (issue 6)
from core.ids import id_from_query
from core.pagination import CountedPaginator
from courses.selectors import course_titles

from .. import charts, exports, selectors
from ..forms import QuizTimeForm
from .access import manager_required


def filters_from_query(query, scope) -> selectors.Filters:
    """The dashboard's filters from a query string (or a form that carries
    them on): a team outside her scope, or a status or sort that does not
    exist, counts as none."""
    team = id_from_query(query, "team")
    if team is not None and team not in {t.pk for t in scope.team_list}:
        team = None
    status = query.get("status", "")
    sort = query.get("sort", "name")
    return selectors.Filters(
        team=team,
        course=id_from_query(query, "course"),
        status=status if status in selectors.Status.LABELS else "",
        query=query.get("q", "").strip()[:100],
        sort=sort if sort in selectors.SORTS else "name",
    )


@require_GET
@manager_required
def dashboard(request, scope):
    filters = filters_from_query(request.GET, scope)
    today = timezone.localdate()
    people = selectors.staff_listed(scope, filters, today=today)
    page = CountedPaginator(
        people,
        selectors.PER_PAGE,
        count=selectors.staff_count(scope, filters, today=today),
    ).get_page(request.GET.get("page"))
    summary = selectors.summary(scope, filters, today=today)
    courses = summary.courses
    cells = selectors.cells_for(
        scope,
        [person["user_id"] for person in page],
        today=today,
        course_id=filters.course,
    )
    rows = [
        (person, [cells.get((person["user_id"], c.pk)) for c in courses])
        for person in page
    ]
    by_course, by_team, months = summary.by_course, summary.by_team, summary.months
    more_time = list(selectors.open_extension_requests(scope))
    quiz_time = list(selectors.open_quiz_time_requests(scope))
    query = request.GET.copy()
    query.pop("page", None)
    links = _links(query.urlencode(), filters)
    return render(
        request,
        "agencies/dashboard.html",
        {
            "scope": scope,
            "filters": filters,
            "page": page,
            "rows": rows,
            "courses": courses,
            "all_courses": summary.all_courses,
            "teams": scope.team_list,
            "statuses": selectors.DASHBOARD_LABELS.items(),
            "course_chart": charts.rate_bars(by_course),
            "team_chart": charts.rate_bars(by_team) if by_team else None,
            "course_rates": by_course,
            "team_rates": by_team,
            "more_time": more_time,
            "quiz_time": quiz_time,
            "quiz_time_form": QuizTimeForm(),
            "month_chart": charts.month_columns(months),
            "months": months,
            "summary_key": summary.key,
            "querystring": query.urlencode(),
            **links,
            "sorts": [
                ("name", _("Name, A to Z")),
                ("-name", _("Name, Z to A")),
                ("team", pgettext("sort by", "Team")),
                ("joined", _("Joined, earliest first")),
                ("-joined", _("Joined, latest first")),
            ],
        },
    )


def _links(querystring: str, filters) -> dict:
    """The page's downloads, for this list under these filters."""
    suffix = f"?{querystring}" if querystring else ""
    pack = {
        name: value
        for name, value in (("course", filters.course), ("team", filters.team))
        if value
    }
    return {
        "xlsx_url": reverse("agencies:export_xlsx") + suffix,
        "csv_url": reverse("agencies:export_csv") + suffix,
        "certificates_url": reverse("evidence:bulk_certificates") + suffix,
        "pack_url": reverse("evidence:new_pack")
        + (f"?{urlencode(pack)}" if pack else ""),
    }


class _Echo:
    def write(self, value):
        return value


def _export_name(scope, extension):
    name = _("%(agency)s training %(date)s") % {
        "agency": scope.agency.name,
        "date": f"{timezone.localdate():%Y-%m-%d}",
    }
    return f"{name}.{extension}"


def _filters_in_words(scope, filters) -> list[str]:
    """The filters of an export, in the exporting manager's language."""
    words = []
    if not scope.whole_agency:
        teams = ", ".join(team.name for team in scope.team_list)
        words.append(_("People in the teams you manage: %(teams)s") % {"teams": teams})
    if filters.team:
        team = next(t.name for t in scope.team_list if t.pk == filters.team)
        words.append(_("Team: %(team)s") % {"team": team})
    if filters.course:
        title = course_titles([filters.course]).get(filters.course)
        words.append(
            _("Course: %(course)s")
            % {"course": title or _("a course no longer published")}
        )
    if filters.status:
        words.append(
            _("Status: %(status)s")
            % {"status": selectors.Status.LABELS[filters.status]}
        )
    if filters.query:
        words.append(_("Name or email contains: %(query)s") % {"query": filters.query})
    return words


def _about(request, scope, filters, today) -> exports.About:
    return exports.About(
        report=_("Staff training report"),
        agency=scope.agency.name,
        exported_by=f"{request.user.full_name} ({request.user.email})",
        exported_at=timezone.now(),
        as_at=today,
        filters=_filters_in_words(scope, filters),
    )


def _audit_export(request, scope, filters, export_format, *, rows: int, people: int):
    """Audit log: a staff report left the platform, in which format, under
    which filters, and how many rows for how many people."""
    audit.record(
        actor=request.user,
        action=audit.Action.REPORT_EXPORTED,
        target=scope.agency,
        target_label=f"{scope.agency.name} staff report",
        agency=scope.agency,
        details={
            "format": export_format,
            "filters": {k: v for k, v in vars(filters).items() if v not in ("", None)},
            "teams": "all" if scope.whole_agency else sorted(scope.team_ids),
            "rows": rows,
            "people": people,
        },
    )


def _built_in_background(request, scope, filters, export_format, *, today):
    """How many people the export covers, and, above
    EXPORT_IMMEDIATE_MAX_PEOPLE, the page that builds it in the background
    (evidence/), with a progress bar and an email when it is ready."""
    people = selectors.staff_count(scope, filters, today=today)
    if people <= settings.EXPORT_IMMEDIATE_MAX_PEOPLE:
        return people, None
    url = reverse("evidence:large_export", kwargs={"fmt": export_format})
    query = request.GET.urlencode()
    return people, redirect(f"{url}?{query}" if query else url)


@require_GET
@manager_required
def export_csv(request, scope):
    filters = filters_from_query(request.GET, scope)
    today = timezone.localdate()
    people, background = _built_in_background(
        request, scope, filters, "csv", today=today
    )
    if background is not None:
        return background
    rows = selectors.staff_requirements(scope, filters, today=today).count()
    _audit_export(request, scope, filters, "csv", rows=rows, people=people)
    writer = csv.writer(_Echo())
    lines = exports.csv_rows(selectors.export_rows(scope, filters, today=today))
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(scope, "csv")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@manager_required
def export_xlsx(request, scope):
    filters = filters_from_query(request.GET, scope)
    today = timezone.localdate()
    people, background = _built_in_background(
        request, scope, filters, "xlsx", today=today
    )
    if background is not None:
        return background
    # FileResponse streams the file and closes it when the response is done.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    rows = exports.write_xlsx(
        selectors.export_rows(scope, filters, today=today),
        _about(request, scope, filters, today),
        spool,
    )
    _audit_export(request, scope, filters, "xlsx", rows=rows, people=people)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=_export_name(scope, "xlsx"),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
