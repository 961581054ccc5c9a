"""The manager's exports as evidence: one row per person per assigned course,
one column per fact, real dates, and a workbook that says what it is."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies import services
from agencies.models import Requirement
from agencies.selectors import Scope, Status
from certificates import services as certificate_services
from courses.models import Enrolment
from courses.tests.factories import complete_course, make_course

from .conftest import member

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Person",
    "Email",
    "Agency",
    "Team",
    "Course",
    "Course version",
    "Status",
    "Dashboard label",
    "Due date",
    "Agreed extension",
    "Completed on",
    "Expires on",
    "Certificate reference",
    "Verification URL",
    "CPD hours",
]


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def workbook_of(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def record(agency, manager, course, catalogue, alice, bella):
    """Alice has completed the course (with her certificate); Bella is overdue
    on a second course, with a week's extension agreed that has now passed."""
    course.save_revision().publish()
    services.assign(
        scope=Scope(agency=agency), by=manager, course=course, due_date=in_days(14)
    )
    safeguarding = make_course(
        catalogue=catalogue, lessons=1, title="Safeguarding basics"
    )
    services.assign(
        scope=Scope(agency=agency),
        by=manager,
        course=safeguarding,
        due_date=in_days(-10),
    )
    Requirement.objects.filter(user=bella.user, course=safeguarding).update(
        due_date=in_days(-3), extended_to=in_days(-3)
    )
    moment = timezone.now() - datetime.timedelta(days=5)
    complete_course(user=alice.user, course=course, at=moment)
    enrolment = Enrolment.objects.get(user=alice.user, course=course)
    certificate, _ = certificate_services.issue_for_enrolment(enrolment.pk)
    return {
        "course": course,
        "safeguarding": safeguarding,
        "certificate": certificate,
        "completed_on": timezone.localdate(moment),
    }


def test_the_csv_has_one_column_per_fact_and_iso_dates(client, manager, record):
    client.force_login(manager)
    rows = csv_rows(client.get(reverse("agencies:export_csv")))
    assert rows[0] == HEADINGS
    by_key = {(row[0], row[4]): row for row in rows[1:]}
    assert set(by_key) == {
        ("Alice Adams", "Trauma-informed practice"),
        ("Alice Adams", "Safeguarding basics"),
        ("Bella Brown", "Trauma-informed practice"),
        ("Bella Brown", "Safeguarding basics"),
        ("Maya Brooks", "Trauma-informed practice"),
        ("Maya Brooks", "Safeguarding basics"),
    }
    certificate = record["certificate"]
    alice = by_key[("Alice Adams", "Trauma-informed practice")]
    assert alice == [
        "Alice Adams",
        "alice@x.org",
        "Coventry Probation",
        "North",
        "Trauma-informed practice",
        f"version of {timezone.localdate():%-d %B %Y}",
        "Completed",
        "Completed",
        in_days(14).isoformat(),
        "",
        record["completed_on"].isoformat(),
        "",
        certificate.reference,
        certificate_services.verification_url(certificate),
        str(certificate.cpd_hours),
    ]
    assert alice[13].startswith("http")
    bella = by_key[("Bella Brown", "Safeguarding basics")]
    assert bella[6:12] == [
        "Overdue",
        "Overdue · needs support",
        in_days(-3).isoformat(),
        in_days(-3).isoformat(),
        "",
        "",
    ]
    assert bella[12:] == ["", "", ""]


def test_the_xlsx_has_date_cells_a_frozen_header_a_filter_and_widths(
    client, manager, record
):
    client.force_login(manager)
    workbook = workbook_of(client.get(reverse("agencies:export_xlsx")))
    assert workbook.sheetnames == ["About this export", "Training"]
    sheet = workbook["Training"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert len(rows) == 7
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:O7"
    assert sheet.column_dimensions["A"].width == 26
    assert sheet.column_dimensions["N"].width == 60
    assert sheet["A1"].font.bold

    alice_row = next(
        number
        for number, row in enumerate(rows, start=1)
        if row[0] == "Alice Adams" and row[4] == "Trauma-informed practice"
    )
    due, completed = sheet.cell(alice_row, 9), sheet.cell(alice_row, 11)
    for cell in (due, completed):
        assert cell.is_date
        assert isinstance(cell.value, datetime.datetime)
        assert cell.number_format == "d mmmm yyyy"
    assert due.value.date() == in_days(14)
    assert completed.value.date() == record["completed_on"]
    assert sheet.cell(alice_row, 12).value is None  # never expires
    hours = sheet.cell(alice_row, 15)
    assert hours.data_type == "n"
    assert hours.value == float(record["certificate"].cpd_hours)
    assert sheet.cell(alice_row, 13).value == record["certificate"].reference


def test_the_about_sheet_says_whose_record_who_when_and_what_each_status_means(
    client, manager, record, north
):
    client.force_login(manager)
    response = client.get(
        reverse("agencies:export_xlsx"),
        {"team": north.pk, "status": Status.COMPLETED, "q": "alice"},
    )
    about = workbook_of(response)["About this export"]
    assert about["A1"].value == "About this export"
    lines = dict(about.iter_rows(min_row=2, values_only=True))
    assert lines["Report"] == "Staff training report"
    assert lines["Agency"] == "Coventry Probation"
    assert lines["Exported by"] == f"Maya Brooks ({manager.email})"
    assert lines["Exported"].endswith("(UK time)")
    assert f"{timezone.localtime():%-d %B %Y}" in lines["Exported"]
    assert lines["Statuses as at"].date() == timezone.localdate()
    assert lines["Filters applied"] == (
        "Team: North; Status: Completed; Name or email contains: alice"
    )
    overdue = lines["Overdue (dashboard: Overdue · needs support)"]
    assert "due date" in overdue
    assert "extension" in overdue
    for status in Status.LABELS.values():
        assert any(str(key).startswith(str(status)) for key in lines), status


def test_an_export_without_filters_says_so(client, manager, record):
    client.force_login(manager)
    about = workbook_of(client.get(reverse("agencies:export_xlsx")))[
        "About this export"
    ]
    lines = dict(about.iter_rows(min_row=2, values_only=True))
    assert lines["Filters applied"].startswith("None")


def test_a_team_managers_export_says_which_teams(client, team_manager, record):
    client.force_login(team_manager)
    response = client.get(reverse("agencies:export_xlsx"))
    workbook = workbook_of(response)
    lines = dict(workbook["About this export"].iter_rows(min_row=2, values_only=True))
    assert lines["Filters applied"] == "People in the teams you manage: North"
    names = {
        row[0] for row in workbook["Training"].iter_rows(min_row=2, values_only=True)
    }
    assert names == {"Alice Adams", "Nia North"}


@pytest.mark.parametrize("view", ["export_csv", "export_xlsx"])
def test_filters_export_only_the_matching_rows(client, manager, record, view):
    client.force_login(manager)
    response = client.get(reverse(f"agencies:{view}"), {"status": Status.OVERDUE})
    if view == "export_csv":
        rows = csv_rows(response)[1:]
    else:
        rows = list(
            workbook_of(response)["Training"].iter_rows(min_row=2, values_only=True)
        )
    assert [(row[0], row[4], row[6]) for row in rows] == [
        ("Alice Adams", "Safeguarding basics", "Overdue"),
        ("Bella Brown", "Safeguarding basics", "Overdue"),
        ("Maya Brooks", "Safeguarding basics", "Overdue"),
    ]

    rows = csv_rows(
        client.get(
            reverse("agencies:export_csv"), {"course": record["course"].pk, "q": "al"}
        )
    )
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("Alice Adams", "Trauma-informed practice")
    ]


@pytest.mark.parametrize("view", ["export_csv", "export_xlsx"])
def test_a_learner_gets_no_export(client, alice, record, view):
    client.force_login(alice.user)
    response = client.get(reverse(f"agencies:{view}"))
    assert response.status_code == 404
    assert not getattr(response, "streaming", False)


def test_another_agencys_manager_exports_none_of_these_people(
    client, other_manager, record, stranger
):
    client.force_login(other_manager)
    rows = csv_rows(client.get(reverse("agencies:export_csv")))
    assert all(row[2] != "Coventry Probation" for row in rows[1:])
    assert "alice@x.org" not in str(rows)
    response = client.get(
        reverse("agencies:export_xlsx"), {"course": record["course"].pk}
    )
    workbook = workbook_of(response)
    assert "Alice" not in str(list(workbook["Training"].values))


def test_a_name_never_runs_as_a_formula_in_either_format(
    client, manager, agency, north, record
):
    member(agency, team=north, full_name='=HYPERLINK("http://evil")', email="e@x.org")
    client.force_login(manager)
    names = [row[0] for row in csv_rows(client.get(reverse("agencies:export_csv")))]
    assert '\'=HYPERLINK("http://evil")' in names
    sheet = workbook_of(client.get(reverse("agencies:export_xlsx")))["Training"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    evil = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    assert evil.data_type == "s"  # text, exactly as typed, not a formula
    assert evil.value == '=HYPERLINK("http://evil")'


def test_control_characters_in_a_name_or_search_do_not_break_the_workbook(
    client, manager, agency, north, record
):
    member(agency, team=north, full_name="Zoe\x01 Zed\x1b", email="z@x.org")
    client.force_login(manager)
    response = client.get(reverse("agencies:export_xlsx"), {"q": "zoe\x02"})
    assert response.status_code == 200
    workbook = workbook_of(response)
    lines = dict(workbook["About this export"].iter_rows(min_row=2, values_only=True))
    assert lines["Filters applied"] == "Name or email contains: zoe"
    sheet = workbook_of(client.get(reverse("agencies:export_xlsx")))["Training"]
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Zoe Zed" in names


def test_an_export_costs_the_same_queries_for_5_or_60_staff(
    client, agency, manager, course, north, django_assert_max_num_queries
):
    services.assign(
        scope=Scope(agency=agency), by=manager, course=course, due_date=in_days(5)
    )
    client.force_login(manager)

    def count(view):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"agencies:{view}"))
            body = b"".join(response.streaming_content)
        return len(queries), body

    def add(number):
        for index in range(number):
            user = member(agency, team=north).user
            if index % 2:
                complete_course(user=user, course=course)
                enrolment = Enrolment.objects.get(user=user, course=course)
                certificate_services.issue_for_enrolment(enrolment.pk)

    add(5)
    count("export_csv")  # warm up: the manager's cached scope
    small = {view: count(view)[0] for view in ("export_csv", "export_xlsx")}
    add(55)
    count("export_csv")
    large = {view: count(view)[0] for view in ("export_csv", "export_xlsx")}
    assert small == large
    with django_assert_max_num_queries(12):
        client.get(reverse("agencies:export_xlsx"))
