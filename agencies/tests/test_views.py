"""The manager's pages: what she sees, and what nobody outside her scope can reach."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from agencies import services
from agencies.models import Assignment, Invitation, Membership
from agencies.selectors import Scope
from certificates.models import Certificate
from courses import services as course_services
from quizzes import services as quiz_services
from quizzes.tests.factories import free_text, make_quiz, right_answer, single

from .conftest import member

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def export_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def stranger_certificate(stranger, course):
    return Certificate.objects.create(
        user=stranger.user,
        course=course,
        completed_at=timezone.now(),
        learner_name="Sam Stranger",
        course_title=course.title,
        cpd_hours=1,
    )


# Happy paths ------------------------------------------------------------------


def test_the_dashboard_shows_her_staff_their_courses_rates_and_charts(
    client, manager, assigned, alice, bella
):
    client.force_login(manager)
    response = client.get(reverse("agencies:dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Alice Adams" in content
    assert "Bella Brown" in content
    assert assigned.title in content
    assert "Not started" in content
    assert "Completion rate by course" in content
    assert "<svg" in content
    assert "<table" in content
    assert "Sam Stranger" not in content


def test_filters_search_and_sort(client, manager, assigned, alice, bella, north):
    client.force_login(manager)
    url = reverse("agencies:dashboard")
    content = client.get(url, {"team": north.pk}).content.decode()
    assert "Alice Adams" in content
    assert "Bella Brown" not in content
    content = client.get(url, {"q": "bella"}).content.decode()
    assert "Bella Brown" in content
    assert "Alice Adams" not in content
    content = client.get(url, {"status": "completed"}).content.decode()
    assert "Nobody matches these filters" in content
    content = client.get(url, {"sort": "-name"}).content.decode()
    assert content.index("Bella Brown") < content.index("Alice Adams")


def test_nonsense_filters_are_ignored_not_errors(client, manager, assigned):
    client.force_login(manager)
    response = client.get(
        reverse("agencies:dashboard"),
        {"status": "nope", "sort": "pk", "page": "999"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "value"),
    [("team", "x"), ("course", "'; drop"), ("course", "9" * 25), ("team", "-1")],
)
@pytest.mark.parametrize("view", ["dashboard", "export_csv", "export_xlsx"])
def test_a_record_number_that_is_not_one_is_a_bad_request(
    client, manager, assigned, view, name, value
):
    client.force_login(manager)
    response = client.get(reverse(f"agencies:{view}"), {name: value})
    assert response.status_code == 400


def test_the_exports_hold_exactly_what_the_screen_shows_on_every_page(
    client, manager, assigned, alice, bella, north
):
    client.force_login(manager)
    rows = export_rows(client.get(reverse("agencies:export_csv"), {"team": north.pk}))
    assert rows[0][:5] == ["Person", "Email", "Agency", "Team", "Course"]
    assert [row[0] for row in rows[1:]] == ["Alice Adams"]
    assert rows[1][4] == assigned.title
    assert rows[1][6] == "Not started"
    assert rows[1][8] == in_days(14).isoformat()

    response = client.get(reverse("agencies:export_xlsx"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Training"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Alice Adams", "Bella Brown", "Maya Brooks"]


def test_a_persons_page_shows_her_courses_quizzes_and_certificates(
    client, manager, assigned, alice
):
    client.force_login(manager)
    response = client.get(reverse("agencies:person", args=[alice.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Alice Adams" in content
    assert assigned.title in content


def test_assigning_from_the_page_and_bad_input(client, manager, course, alice):
    client.force_login(manager)
    url = reverse("agencies:assignments")
    response = client.post(
        url, {"course": course.pk, "target": "agency", "due_date": "2001-01-01"}
    )
    assert response.status_code == 400
    assert "Choose a due date from today onwards" in response.content.decode()
    assert not Assignment.objects.exists()
    response = client.post(
        url,
        {"course": course.pk, "target": f"person:{alice.pk}", "due_date": in_days(9)},
    )
    assert response.status_code == 302
    assert Assignment.objects.get().user == alice.user


def test_inviting_from_the_page(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agencies:invite"),
            {"full_name": "Jo Patel", "email": "jo@example.org", "team": ""},
            follow=True,
        )
    assert "Invitation sent to jo@example.org" in response.content.decode()
    response = client.post(
        reverse("agencies:invite"), {"full_name": "", "email": "nope", "team": ""}
    )
    assert "There is a problem" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_uploading_a_csv_from_the_page_reports_each_line(client, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(manager)
    upload = SimpleUploadedFile(
        "staff.csv", b"full_name,email\nJo Patel,jo@example.org\nBad,nope\n"
    )
    content = client.post(reverse("agencies:upload"), {"file": upload}).content.decode()
    assert "1 invited" in content
    assert "Line 3: Enter a valid email address." in content


def test_a_learner_accepts_an_invitation_and_joins(client, agency, manager):
    from accounts.tests.factories import UserFactory

    _, invitation = services.invite(
        scope=Scope(agency=agency),
        by=manager,
        email="jo@example.org",
        full_name="Jo",
        team=None,
    )
    url = reverse("agencies:accept_invitation", args=[invitation.token])
    content = client.get(url).content.decode()
    assert "Create account and join Coventry Probation" in content
    jo = UserFactory(email="jo@example.org")
    client.force_login(jo)
    response = client.post(url)
    assert response.url == reverse("courses:my_learning")
    assert Membership.objects.get(user=jo).agency == agency
    assert "already been used" in client.get(url).content.decode()
    unknown = client.get(reverse("agencies:accept_invitation", args=["nope"]))
    assert unknown.status_code == 404
    assert "may have been cancelled" in unknown.content.decode()


def test_joining_with_a_code_from_the_page(client, agency, learner):
    client.force_login(learner)
    url = reverse("agencies:join")
    assert "does not match" in client.post(url, {"code": "ZZZZ"}).content.decode()
    response = client.post(url, {"code": agency.join_code})
    assert response.status_code == 302
    assert learner.membership.agency == agency


def test_my_learning_lists_assigned_courses_overdue_first(
    client, agency, manager, alice, catalogue, course
):
    from courses.tests.factories import make_course

    later = make_course(catalogue=catalogue, lessons=1, title="Later course")
    scope = Scope(agency=agency)
    services.assign(scope=scope, by=manager, course=later, due_date=in_days(30))
    services.assign(scope=scope, by=manager, course=course, due_date=in_days(2))
    Assignment.objects.filter(course=course).update(due_date=in_days(-3))
    services.sync_requirements([alice.user_id])
    client.force_login(alice.user)
    content = client.get(reverse("courses:my_learning")).content.decode()
    assert "Assigned to you" in content
    assert content.index(course.title) < content.index("Later course")
    assert "Past its due date" in content


# Scoping: every manager URL and export -----------------------------------------


def manager_urls(alice, assignment, certificate):
    return [
        ("get", reverse("agencies:dashboard")),
        ("get", reverse("agencies:export_csv")),
        ("get", reverse("agencies:export_xlsx")),
        ("get", reverse("agencies:person", args=[alice.pk])),
        (
            "get",
            reverse("agencies:person_certificate", args=[alice.pk, certificate.pk]),
        ),
        ("get", reverse("agencies:invite")),
        ("post", reverse("agencies:upload")),
        ("get", reverse("agencies:assignments")),
        ("post", reverse("agencies:unassign", args=[assignment.pk])),
        ("get", reverse("agencies:join_code")),
    ]


@pytest.fixture
def alice_certificate(alice, course):
    return Certificate.objects.create(
        user=alice.user,
        course=course,
        completed_at=timezone.now(),
        learner_name="Alice Adams",
        course_title=course.title,
        cpd_hours=1,
    )


def test_learners_and_visitors_reach_no_manager_page(
    client, alice, assigned, alice_certificate
):
    assignment = Assignment.objects.filter(agency=alice.agency).first()
    urls = manager_urls(alice, assignment, alice_certificate)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url  # to sign in
    client.force_login(alice.user)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url


def test_a_manager_of_another_agency_reaches_none_of_this_agencys_people(
    client, other_manager, alice, assigned, alice_certificate
):
    client.force_login(other_manager)
    assignment = Assignment.objects.filter(agency=alice.agency).first()
    for method, url in manager_urls(alice, assignment, alice_certificate)[3:5]:
        assert getattr(client, method)(url).status_code == 404, url
    response = client.post(reverse("agencies:unassign", args=[assignment.pk]))
    assert response.status_code == 404
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    content = client.get(reverse("agencies:dashboard")).content.decode()
    assert "Alice Adams" not in content
    rows = export_rows(client.get(reverse("agencies:export_csv")))
    assert all("Alice" not in row[0] for row in rows)
    assert {row[0] for row in rows[1:]} == {"Olga Other", "Sam Stranger"}


def test_a_team_manager_sees_only_her_teams(
    client, team_manager, alice, bella, assigned, alice_certificate
):
    client.force_login(team_manager)
    content = client.get(reverse("agencies:dashboard")).content.decode()
    assert "Alice Adams" in content
    assert "Bella Brown" not in content
    assert client.get(reverse("agencies:person", args=[bella.pk])).status_code == 404
    assert client.get(reverse("agencies:person", args=[alice.pk])).status_code == 200
    rows = export_rows(client.get(reverse("agencies:export_csv")))
    assert {row[0] for row in rows[1:]} == {"Alice Adams", "Nia North"}
    # Asking for another team by its id shows nothing from it.
    bella_team = bella.team_id
    rows = export_rows(client.get(reverse("agencies:export_csv"), {"team": bella_team}))
    assert all(row[0] != "Bella Brown" for row in rows)
    agency_wide = Assignment.objects.get(agency=alice.agency, team=None, user=None)
    assert (
        client.post(reverse("agencies:unassign", args=[agency_wide.pk])).status_code
        == 404
    )
    assert client.get(reverse("agencies:join_code")).status_code == 200
    assert client.post(reverse("agencies:join_code")).status_code == 302
    alice.agency.refresh_from_db()


def test_managers_download_their_staffs_certificates_only(
    client, manager, alice, alice_certificate, stranger_certificate, settings
):
    from certificates import services as certificate_services

    certificate_services.render(alice_certificate)
    client.force_login(manager)
    url = reverse("agencies:person_certificate", args=[alice.pk, alice_certificate.pk])
    assert client.get(url).status_code == 200
    wrong = reverse(
        "agencies:person_certificate", args=[alice.pk, stranger_certificate.pk]
    )
    assert client.get(wrong).status_code == 404
    # The learners' own download URL stays hers alone.
    assert (
        client.get(
            reverse("certificates:download", args=[alice_certificate.pk])
        ).status_code
        == 404
    )


def test_the_dashboard_costs_the_same_queries_for_5_or_60_staff(
    client, agency, manager, course, north
):
    services.assign(
        scope=Scope(agency=agency), by=manager, course=course, due_date=in_days(5)
    )
    client.force_login(manager)
    url = reverse("agencies:dashboard")

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(5):
        member(agency, team=north)
    count_queries()  # warm up per-process caches (the site's root paths)
    small = count_queries()
    for _ in range(55):
        member(agency, team=north)
    count_queries()  # new members: the manager's cached scope is read afresh
    large = count_queries()
    assert small == large
    assert large <= 8


def test_exports_never_let_a_name_run_as_a_spreadsheet_formula(
    client, manager, agency, north, assigned
):
    member(agency, team=north, full_name='=HYPERLINK("http://evil")', email="e@x.org")
    client.force_login(manager)
    rows = export_rows(client.get(reverse("agencies:export_csv")))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not any(name.startswith("=") for name in names)


def test_join_code_guessing_is_rate_limited(client, learner, settings):
    from django.core.cache import cache

    cache.clear()
    settings.JOIN_CODE_RATE = 3
    client.force_login(learner)
    for _ in range(3):
        client.post(reverse("agencies:join"), {"code": "WRONG"})
    assert client.post(reverse("agencies:join"), {"code": "WRONG"}).status_code == 429
    cache.clear()


def test_the_charts_follow_a_completion_at_once(client, manager, alice, assigned):
    """The dashboard's rates are cached; a learner completing a course moves
    them on her manager's next visit."""
    from courses.tests.factories import complete_course

    client.force_login(manager)
    before = client.get(reverse("agencies:dashboard")).context["course_rates"]
    complete_course(user=alice.user, course=assigned)
    response = client.get(reverse("agencies:dashboard"))
    after = response.context["course_rates"]
    assert [rate.done for rate in after] == [before[0].done + 1]
    # The drawn charts are kept in the cache too: they are drawn again.
    assert f"({after[0].done} of {after[0].total})" in response.content.decode()


def test_a_filtered_dashboard_counts_follow_a_completion_and_a_joiner_at_once(
    client, manager, agency, alice, bella, assigned
):
    """The counts behind the pages are cached like the rates: a completion or a
    new member moves them on her manager's next visit."""
    from courses.tests.factories import complete_course

    from .conftest import member

    client.force_login(manager)
    url = reverse("agencies:dashboard")
    not_started = {"status": "not_started"}

    def count(query=None):
        return client.get(url, query or {}).context["page"].paginator.count

    everyone, waiting = count(), count(not_started)
    assert count({"status": "completed"}) == 0

    complete_course(user=alice.user, course=assigned)
    assert count(not_started) == waiting - 1
    assert count({"status": "completed"}) == 1

    member(agency, full_name="Cara Cole", email="cara@x.org")
    assert count() == everyone + 1


def test_a_search_is_counted_as_it_is_typed(client, manager, alice, bella, assigned):
    client.force_login(manager)
    response = client.get(reverse("agencies:dashboard"), {"q": "Alice"})
    assert response.context["page"].paginator.count == 1
    assert [person["user_id"] for person in response.context["page"]] == [alice.user.pk]


def test_a_persons_page_says_when_her_quiz_waits_for_a_trainer(
    client, manager, assigned, alice
):
    quiz = make_quiz(
        course=assigned,
        title="Check your understanding",
        questions=[single(), free_text(points=2)],
        pass_mark=70,
    )
    course_services.enrol(user=alice.user, course=assigned)
    attempt = quiz_services.start_attempt(user=alice.user, quiz=quiz)
    for question in attempt.questions:
        quiz_services.save_answer(
            user=alice.user,
            attempt=attempt,
            question_key=question["key"],
            answer=(
                ["Ask her."]
                if question["kind"] == "free_text"
                else right_answer(question)
            ),
        )
    quiz_services.submit_attempt(user=alice.user, attempt=attempt)
    client.force_login(manager)

    response = client.get(reverse("agencies:person", args=[alice.pk]))

    assert (
        "Check your understanding: waiting for a trainer to mark"
        in response.content.decode()
    )
