"""The Kairos-wide "Training across agencies" report in the Wagtail admin: what
trainers see and export, and who cannot get in."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import reports_menu

from accounts.tests.factories import UserFactory
from agencies import services
from agencies.models import Agency, Membership, Team
from agencies.selectors import Scope, Status
from certificates import services as certificate_services
from courses import services as course_services
from courses.models import Enrolment
from courses.rules import expiry_date
from courses.tests.factories import complete_course, make_course

pytestmark = pytest.mark.django_db

URL = "agencies_admin:training_report"
RESULTS_URL = "agencies_admin:training_report_results"
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


def long_date(day):
    return f"{day:%-d %B %Y}"


def version(course):
    course.refresh_from_db()
    if course.last_published_at is None:
        return ""
    return f"version of {timezone.localdate(course.last_published_at):%-d %B %Y}"


def person(agency, team=None, role=Membership.Role.LEARNER, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, agency=agency, team=team, role=role)
    return user


def complete(user, course, days_ago=10):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    complete_course(user=user, course=course, at=moment)
    return timezone.localdate(moment)


def names(response):
    return [row.name for row in response.context["object_list"]]


def csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def coventry(db):
    return Agency.objects.create(name="Coventry Probation", kind=Agency.Kind.PROBATION)


@pytest.fixture
def north(coventry):
    return Team.objects.create(agency=coventry, name="North")


@pytest.fixture
def leicester(db):
    return Agency.objects.create(name="Leicester Housing", kind=Agency.Kind.HOUSING)


@pytest.fixture
def manager(coventry):
    return person(
        coventry,
        role=Membership.Role.MANAGER,
        full_name="Maya Brooks",
        email="maya@x.org",
    )


@pytest.fixture
def safeguarding(catalogue):
    return make_course(catalogue=catalogue, lessons=1, title="Safeguarding basics")


@pytest.fixture
def people(coventry, north, leicester, manager):
    return {
        "bella": person(coventry, team=north, full_name="Bella Brown", email="b@x.org"),
        "alice": person(coventry, team=north, full_name="Alice Adams", email="a@x.org"),
        "sam": person(leicester, full_name="Sam Stranger", email="sam@y.org"),
    }


@pytest.fixture
def training(coventry, leicester, manager, trainer, course, safeguarding, people):
    """The course for both agencies (renewed yearly in Coventry); safeguarding
    for Leicester only, already overdue. Alice has completed; Bella has started."""
    services.assign(
        scope=Scope(agency=coventry),
        by=manager,
        course=course,
        due_date=in_days(14),
        renew_every_months=12,
    )
    services.assign(
        scope=Scope(agency=leicester), by=trainer, course=course, due_date=in_days(30)
    )
    services.assign(
        scope=Scope(agency=leicester),
        by=trainer,
        course=safeguarding,
        due_date=in_days(-3),
    )
    completed_on = complete(people["alice"], course)
    course_services.enrol(user=people["bella"], course=course)
    return {"completed_on": completed_on}


@pytest.fixture
def editor(db):
    """May use the Wagtail admin, but is neither a trainer nor a superuser."""
    group = Group.objects.create(name="Web editors")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory(full_name="Eve Editor", email="eve@example.org")
    user.groups.add(group)
    return user


# What trainers see ------------------------------------------------------------


def test_a_trainer_sees_every_agencys_rows_by_agency_then_name(
    client, trainer, training, course
):
    client.force_login(trainer)
    response = client.get(reverse(URL))
    content = response.content.decode()

    assert response.status_code == 200
    assert "Training across agencies" in content
    assert names(response) == [
        "Alice Adams",
        "Bella Brown",
        "Maya Brooks",
        "Sam Stranger",
        "Sam Stranger",
    ]
    alice = response.context["object_list"][0]
    assert alice.agency == "Coventry Probation"
    assert alice.team == "North"
    assert alice.course == course.title
    assert alice.status == Status.COMPLETED
    assert alice.completed_on == training["completed_on"]
    assert alice.expires_on == expiry_date(
        completed_on=training["completed_on"], validity_months=12
    )
    # Dates as people write them, on screen.
    assert long_date(training["completed_on"]) in content
    assert long_date(in_days(14)) in content
    for label in ("Completed", "In progress", "Not started", "Overdue"):
        assert label in content
    assert "sam@y.org" in content
    # The spreadsheet downloads are offered.
    assert "export=xlsx" in content
    assert "export=csv" in content


def test_superusers_see_the_report_too(client, admin_user, training):
    client.force_login(admin_user)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 5


def test_filters_by_agency_course_and_status_narrow_the_rows(
    client, trainer, training, leicester, course, safeguarding
):
    client.force_login(trainer)
    url = reverse(URL)

    by_agency = client.get(url, {"agency": leicester.pk})
    assert names(by_agency) == ["Sam Stranger", "Sam Stranger"]
    assert "Alice Adams" not in by_agency.content.decode()

    by_course = client.get(url, {"course": safeguarding.pk})
    assert [(row.name, row.course) for row in by_course.context["object_list"]] == [
        ("Sam Stranger", "Safeguarding basics")
    ]

    assert names(client.get(url, {"status": Status.COMPLETED})) == ["Alice Adams"]
    assert names(client.get(url, {"status": Status.IN_PROGRESS})) == ["Bella Brown"]
    overdue = client.get(url, {"status": Status.OVERDUE})
    assert [row.course for row in overdue.context["object_list"]] == [
        "Safeguarding basics"
    ]

    combined = client.get(
        url,
        {"agency": leicester.pk, "course": course.pk, "status": Status.NOT_STARTED},
    )
    assert [(row.name, row.course) for row in combined.context["object_list"]] == [
        ("Sam Stranger", course.title)
    ]

    nothing = client.get(url, {"status": Status.EXPIRED})
    assert nothing.context["object_list"] == []
    assert "No assigned training matches these filters." in nothing.content.decode()


def totals(response) -> dict[str, tuple[int, dict[str, int], int]]:
    return {
        agency.agency: (agency.total, agency.counts, agency.rate)
        for agency, _counts in response.context["agency_totals"]
    }


def test_totals_by_agency_count_each_status_and_add_up_to_the_rows(
    client, trainer, training
):
    client.force_login(trainer)
    response = client.get(reverse(URL))

    shown = totals(response)
    assert list(shown) == ["Coventry Probation", "Leicester Housing"]
    coventry_total, coventry, coventry_rate = shown["Coventry Probation"]
    assert coventry_total == 3
    assert coventry[Status.COMPLETED] == 1
    assert coventry[Status.IN_PROGRESS] == 1
    assert coventry[Status.NOT_STARTED] == 1
    assert coventry_rate == 33
    leicester_total, leicester, leicester_rate = shown["Leicester Housing"]
    assert leicester_total == 2
    assert leicester[Status.OVERDUE] == 1
    assert leicester_rate == 0
    assert sum(total for total, _, _ in shown.values()) == len(
        response.context["object_list"]
    )
    content = response.content.decode()
    assert "Totals by agency" in content
    assert "Completion rate" in content
    assert "33%" in content


def test_totals_follow_the_filters(client, trainer, training, leicester):
    client.force_login(trainer)
    response = client.get(reverse(URL), {"status": Status.OVERDUE})
    assert list(totals(response)) == ["Leicester Housing"]
    assert totals(response)["Leicester Housing"][0] == 1

    nothing = client.get(reverse(URL), {"status": Status.EXPIRED})
    assert nothing.context["agency_totals"] == []
    assert "Totals by agency" not in nothing.content.decode()


def test_the_results_fragment_filters_the_same_way(client, trainer, training):
    """Wagtail's filter menu reloads the table from the results URL."""
    client.force_login(trainer)
    response = client.get(reverse(RESULTS_URL), {"status": Status.COMPLETED})
    assert response.status_code == 200
    assert names(response) == ["Alice Adams"]


def test_a_filter_it_cannot_read_shows_no_rows_rather_than_all(
    client, trainer, training
):
    client.force_login(trainer)
    url = reverse(URL)
    response = client.get(url, {"agency": 999999, "status": Status.COMPLETED})
    assert response.status_code == 200
    assert response.context["object_list"] == []
    assert "These filters could not be used." in response.content.decode()
    rows = csv_rows(client.get(url, {"status": "nonsense", "export": "csv"}))
    assert rows == [HEADINGS]


# Exports ------------------------------------------------------------------------


def test_the_csv_export_holds_exactly_the_filtered_rows(
    settings, client, trainer, training, coventry, course, safeguarding, people
):
    course.save_revision().publish()
    enrolment = Enrolment.objects.get(user=people["alice"], course=course)
    certificate, _ = certificate_services.issue_for_enrolment(enrolment.pk)
    client.force_login(trainer)
    response = client.get(reverse(URL), {"agency": coventry.pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "training-across-agencies-" in response["Content-Disposition"]

    rows = csv_rows(response)
    completed_on = training["completed_on"]
    due = in_days(14).isoformat()
    assert rows == [
        HEADINGS,
        [
            "Alice Adams",
            "a@x.org",
            "Coventry Probation",
            "North",
            course.title,
            # Her completion is recorded, but the factories' pages have no
            # published revision to name it by.
            "version not recorded",
            "Completed",
            "Completed",
            due,
            "",
            completed_on.isoformat(),
            expiry_date(completed_on=completed_on, validity_months=12).isoformat(),
            certificate.reference,
            settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("certificates:verify", args=[certificate.token]),
            str(certificate.cpd_hours),
        ],
        [
            "Bella Brown",
            "b@x.org",
            "Coventry Probation",
            "North",
            course.title,
            version(course),
            "In progress",
            "In progress",
            due,
            *[""] * 6,
        ],
        [
            "Maya Brooks",
            "maya@x.org",
            "Coventry Probation",
            "",
            course.title,
            version(course),
            "Not started",
            "Not started",
            due,
            *[""] * 6,
        ],
    ]

    overdue = csv_rows(
        client.get(reverse(URL), {"status": Status.OVERDUE, "export": "csv"})
    )
    assert [row[:8] for row in overdue[1:]] == [
        [
            "Sam Stranger",
            "sam@y.org",
            "Leicester Housing",
            "",
            "Safeguarding basics",
            version(safeguarding),
            "Overdue",
            "Overdue · needs support",
        ]
    ]


def test_the_csv_export_cannot_carry_a_formula(client, trainer, training, people):
    people["sam"].full_name = '=HYPERLINK("http://evil.example","Sam")'
    people["sam"].save()
    client.force_login(trainer)
    rows = csv_rows(client.get(reverse(URL), {"export": "csv"}))
    assert {row[0] for row in rows if "sam@y.org" in row} == {
        '\'=HYPERLINK("http://evil.example","Sam")'
    }


def test_the_xlsx_export_is_a_workbook_with_the_filtered_rows(
    client, trainer, training, leicester
):
    client.force_login(trainer)
    response = client.get(
        reverse(URL),
        {"agency": leicester.pk, "status": Status.OVERDUE, "export": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert ".xlsx" in response["Content-Disposition"]

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["About this export", "Training"]
    about = dict(workbook["About this export"].iter_rows(min_row=2, values_only=True))
    assert about["Report"] == "Training across agencies"
    assert about["Agency"] == "Leicester Housing"
    assert about["Exported by"] == f"{trainer.full_name} ({trainer.email})"
    assert about["Filters applied"] == "Agency: Leicester Housing; Status: Overdue"
    assert about["Statuses as at"].date() == timezone.localdate()

    sheet = workbook["Training"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert [(row[0], row[4], row[6], row[7]) for row in rows[1:]] == [
        ("Sam Stranger", "Safeguarding basics", "Overdue", "Overdue · needs support"),
    ]
    due = sheet.cell(row=2, column=9)
    assert due.is_date
    assert due.value.date() == in_days(-3)
    assert due.number_format == "d mmmm yyyy"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:O2"


# Who may come in ----------------------------------------------------------------


def every_url():
    return [
        (URL, {}),
        (URL, {"export": "csv"}),
        (URL, {"export": "xlsx"}),
        (RESULTS_URL, {}),
    ]


@pytest.mark.parametrize(("name", "params"), every_url())
def test_a_learner_without_admin_access_goes_to_the_admin_sign_in(
    client, learner, training, name, params
):
    client.force_login(learner)
    response = client.get(reverse(name), params)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(("name", "params"), every_url())
def test_an_agency_manager_never_receives_rows(client, manager, training, name, params):
    """Managers have no Wagtail admin access: sent to sign in, nothing else."""
    client.force_login(manager)
    response = client.get(reverse(name), params)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not getattr(response, "streaming", False)
    assert b"Alice Adams" not in response.content
    assert b"a@x.org" not in response.content


def test_signed_out_people_go_to_the_admin_sign_in(client, training):
    response = client.get(reverse(URL), {"export": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(("name", "params"), every_url())
def test_admin_users_who_are_not_trainers_are_refused(
    client, editor, training, name, params
):
    """Wagtail's own refusal: back to the dashboard, "you do not have
    permission", and no row of the report on the way."""
    client.force_login(editor)
    response = client.get(reverse(name), params)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    content = (
        response.content.decode()
        + client.get(reverse("wagtailadmin_home")).content.decode()
    )
    assert "you do not have permission" in content
    assert "Alice Adams" not in content
    assert "a@x.org" not in content


def test_only_trainers_and_admins_see_it_in_the_reports_menu(
    trainer, admin_user, editor
):
    def shown_to(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return {item.name for item in reports_menu.menu_items_for_request(request)}

    assert "training-across-agencies" in shown_to(trainer)
    assert "training-across-agencies" in shown_to(admin_user)
    assert "training-across-agencies" not in shown_to(editor)


# Cost -----------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_number_of_people(
    client, trainer, coventry, north, leicester, course, django_assert_max_num_queries
):
    services.assign(
        scope=Scope(agency=coventry), by=trainer, course=course, due_date=in_days(14)
    )
    services.assign(
        scope=Scope(agency=leicester),
        by=trainer,
        course=course,
        due_date=in_days(7),
        renew_every_months=24,
    )

    def add_people(count):
        for number in range(count):
            agency = coventry if number % 2 else leicester
            user = person(agency, team=north if agency == coventry else None)
            services.sync_requirements([user.pk])
            if number % 3 == 0:
                complete(user, course, days_ago=number)

    client.force_login(trainer)
    url = reverse(URL)
    client.get(url)  # warm up: site, content types and sessions

    def counts():
        result = {}
        for params in ({}, {"status": Status.NOT_STARTED}, {"export": "csv"}):
            with django_assert_max_num_queries(20) as captured:
                response = client.get(url, params)
                if params.get("export"):
                    rows = len(csv_rows(response)) - 1
                else:
                    rows = len(response.context["object_list"])
            result[str(params)] = (len(captured.captured_queries), rows)
        return result

    add_people(3)
    few = counts()
    add_people(27)
    many = counts()

    assert few["{}"][1] == 3
    assert many["{}"][1] == 30
    assert many["{'export': 'csv'}"][1] == 30
    for key, (queries, _) in few.items():
        assert many[key][0] == queries, key
